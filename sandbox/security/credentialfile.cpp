#include "credentialfile.h"

#include <QFile>

namespace cvc::sandbox {

namespace {

// Splits one CSV record starting at pos (Go encoding/csv with TrimLeadingSpace, no LazyQuotes).
// Quoted fields may not span lines here: credential files never need that.
bool splitRecord(QByteArrayView line, QList<QByteArray> *fields, QString *problem)
{
    fields->clear();
    qsizetype pos = 0;
    while (true) {
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t'))
            ++pos;
        QByteArray field;
        if (pos < line.size() && line[pos] == '"') {
            ++pos;
            bool closed = false;
            while (pos < line.size()) {
                if (line[pos] == '"') {
                    if (pos + 1 < line.size() && line[pos + 1] == '"') {
                        field += '"';
                        pos += 2;
                        continue;
                    }
                    closed = true;
                    ++pos;
                    break;
                }
                field += line[pos++];
            }
            if (!closed) {
                *problem = QStringLiteral("unterminated quoted field in column %1").arg(fields->size() + 1);
                return false;
            }
            if (pos < line.size() && line[pos] != ',') {
                *problem = QStringLiteral("extraneous or missing \" in quoted field in column %1").arg(fields->size() + 1);
                return false;
            }
        } else {
            while (pos < line.size() && line[pos] != ',') {
                if (line[pos] == '"') {
                    *problem = QStringLiteral("bare \" in non-quoted field in column %1").arg(fields->size() + 1);
                    return false;
                }
                field += line[pos++];
            }
        }
        fields->append(field);
        if (pos >= line.size())
            return true;
        ++pos;   // the comma
    }
}

} // namespace

std::optional<QList<CredentialRecord>> CredentialFile::parse(const QByteArray &content,
                                                             const QString &fileName, QString *error)
{
    QList<CredentialRecord> records;
    const QList<QByteArray> lines = content.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        const int lineNumber = int(i) + 1;
        if (line.trimmed().isEmpty())
            continue;
        auto failure = [&](const QString &what) {
            if (error)
                *error = QStringLiteral("%1:%2: %3").arg(fileName).arg(lineNumber).arg(what);
            return std::nullopt;
        };
        QList<QByteArray> fields;
        QString problem;
        if (!splitRecord(line, &fields, &problem))
            return failure(problem);
        if (fields.size() < 3)
            return failure(QStringLiteral("expected at least 3 columns (secret, user name, user uid), found %1")
                               .arg(fields.size()));
        CredentialRecord record;
        record.line = lineNumber;
        record.secret = QString::fromUtf8(fields.at(0));
        record.user.name = QString::fromUtf8(fields.at(1));
        record.user.uid = QString::fromUtf8(fields.at(2));
        if (record.secret.isEmpty())
            return failure(QStringLiteral("empty secret in column 1"));
        if (record.user.name.isEmpty())
            return failure(QStringLiteral("empty user name in column 2"));
        if (fields.size() >= 4) {
            for (const QByteArray &group : fields.at(3).split(',')) {
                const QString trimmed = QString::fromUtf8(group).trimmed();
                if (!trimmed.isEmpty())
                    record.user.groups.append(trimmed);
            }
        }
        records.append(record);
    }
    return records;
}

std::optional<QList<CredentialRecord>> CredentialFile::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parse(file.readAll(), path, error);
}

} // namespace cvc::sandbox
