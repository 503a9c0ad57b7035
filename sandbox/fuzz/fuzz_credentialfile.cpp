// libFuzzer target: kube-sandbox's --token-auth-file and --basic-auth-file (CSV of secret, user,
// uid and groups, read with Go's encoding/csv rules). Input: the file. Beyond "no crash":
//   - a refused file gets "<file>:<line>: " and one of the parser's own sentences, so no message
//     ever quotes a secret;
//   - round trip: the records written back as CSV (every field quoted) read back as the same
//     records.
#include "credentialfile.h"
#include "fuzzinput.h"

#include <QRegularExpression>

namespace {

QByteArray quotedField(const QString &text)
{
    QByteArray field = text.toUtf8();
    field.replace('"', "\"\"");
    return '"' + field + '"';
}

QByteArray write(const QList<cvc::sandbox::CredentialRecord> &records)
{
    QByteArray csv;
    for (const cvc::sandbox::CredentialRecord &record : records) {
        csv += quotedField(record.secret) + ',' + quotedField(record.user.name) + ',' + quotedField(record.user.uid);
        if (!record.user.groups.isEmpty())
            csv += ',' + quotedField(record.user.groups.join(QLatin1Char(',')));
        csv += '\n';
    }
    return csv;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray content(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString fileName = QStringLiteral("tokens.csv");
    QString error;
    const auto records = cvc::sandbox::CredentialFile::parse(content, fileName, &error);
    if (!records) {
        static const QRegularExpression known(QStringLiteral(
            "^tokens\\.csv:[0-9]+: (unterminated quoted field in column [0-9]+"
            "|extraneous or missing \" in quoted field in column [0-9]+"
            "|bare \" in non-quoted field in column [0-9]+"
            "|expected at least 3 columns \\(secret, user name, user uid\\), found [0-9]+"
            "|empty secret in column 1|empty user name in column 2)$"));
        if (!known.match(error).hasMatch())
            fuzzFailure("a refusal that is not one of the parser's sentences (it might quote a secret)");
        return 0;
    }
    int lastLine = 0;
    for (const cvc::sandbox::CredentialRecord &record : *records) {
        if (record.secret.isEmpty() || record.user.name.isEmpty())
            fuzzFailure("a record without secret or user name");
        if (record.line <= lastLine)
            fuzzFailure("line numbers do not increase");
        lastLine = record.line;
        for (const QString &group : record.user.groups) {
            if (group.isEmpty() || group != group.trimmed())
                fuzzFailure("an empty or untrimmed group");
        }
    }
    const auto again = cvc::sandbox::CredentialFile::parse(write(*records), fileName, &error);
    if (!again || again->size() != records->size())
        fuzzFailure("the records written back do not read back");
    for (qsizetype i = 0; i < records->size(); ++i) {
        if (again->at(i).secret != records->at(i).secret || again->at(i).user != records->at(i).user)
            fuzzFailure("a record written back reads back as another");
    }
    return 0;
}
