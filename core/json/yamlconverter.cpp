#include "json/yamlconverter.h"

#include "json/gofmt.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include <cmath>
#include <optional>
#include <stdexcept>

namespace cvc {

namespace {

// A conversion problem that yaml-cpp itself does not report (e.g. `.inf`), with its position.
struct ConversionError : std::runtime_error
{
    ConversionError(const std::string &message, const YAML::Mark &at)
        : std::runtime_error(message), mark(at) {}
    YAML::Mark mark;
};

const QStringList &trueWords()
{
    static const QStringList words = {
        QStringLiteral("y"), QStringLiteral("Y"), QStringLiteral("yes"), QStringLiteral("Yes"),
        QStringLiteral("YES"), QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("TRUE"),
        QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON")};
    return words;
}

const QStringList &falseWords()
{
    static const QStringList words = {
        QStringLiteral("n"), QStringLiteral("N"), QStringLiteral("no"), QStringLiteral("No"),
        QStringLiteral("NO"), QStringLiteral("false"), QStringLiteral("False"), QStringLiteral("FALSE"),
        QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF")};
    return words;
}

const QStringList &nullWords()
{
    static const QStringList words = {QString(), QStringLiteral("~"), QStringLiteral("null"),
                                      QStringLiteral("Null"), QStringLiteral("NULL")};
    return words;
}

const QStringList &specialFloatWords()
{
    static const QStringList words = {
        QStringLiteral(".nan"), QStringLiteral(".NaN"), QStringLiteral(".NAN"),
        QStringLiteral(".inf"), QStringLiteral(".Inf"), QStringLiteral(".INF"),
        QStringLiteral("+.inf"), QStringLiteral("+.Inf"), QStringLiteral("+.INF"),
        QStringLiteral("-.inf"), QStringLiteral("-.Inf"), QStringLiteral("-.INF")};
    return words;
}

// Go's strconv.ParseInt(s, 0, 64) after go-yaml removed underscores: 0x, 0o, 0b prefixes and
// a leading 0 for octal.
std::optional<double> parseGoInteger(QString text)
{
    bool negative = false;
    if (text.startsWith(QLatin1Char('+')) || text.startsWith(QLatin1Char('-'))) {
        negative = text.startsWith(QLatin1Char('-'));
        text = text.mid(1);
    }
    if (text.isEmpty())
        return std::nullopt;
    int base = 10;
    if (text.startsWith(QLatin1String("0x")) || text.startsWith(QLatin1String("0X"))) {
        base = 16;
        text = text.mid(2);
    } else if (text.startsWith(QLatin1String("0o")) || text.startsWith(QLatin1String("0O"))) {
        base = 8;
        text = text.mid(2);
    } else if (text.startsWith(QLatin1String("0b")) || text.startsWith(QLatin1String("0B"))) {
        base = 2;
        text = text.mid(2);
    } else if (text.size() > 1 && text.startsWith(QLatin1Char('0'))) {
        base = 8;
        text = text.mid(1);
    }
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qulonglong magnitude = text.toULongLong(&ok, base);
    if (!ok)
        return std::nullopt;
    return negative ? -double(magnitude) : double(magnitude);
}

// The JSON value of a plain (unquoted, untagged) scalar under go-yaml v2's resolver.
QJsonValue resolvePlain(const QString &text, const YAML::Mark &mark)
{
    if (nullWords().contains(text))
        return QJsonValue::Null;
    if (trueWords().contains(text))
        return true;
    if (falseWords().contains(text))
        return false;
    if (specialFloatWords().contains(text))
        throw ConversionError("json: unsupported value: " + text.toStdString(), mark);
    const QChar first = text.at(0);
    if (first.isDigit() || first == QLatin1Char('+') || first == QLatin1Char('-') || first == QLatin1Char('.')) {
        QString plain = text;
        plain.remove(QLatin1Char('_'));
        if (first != QLatin1Char('.')) {
            if (const std::optional<double> integer = parseGoInteger(plain))
                return *integer;
        }
        static const QRegularExpression floatPattern(
            QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
        if (floatPattern.match(plain).hasMatch()) {
            bool ok = false;
            const double value = plain.toDouble(&ok);
            if (ok && std::isfinite(value))
                return value;
        }
    }
    return text;
}

// Builds JSON straight from yaml-cpp's parse events. Going through YAML::LoadAll would be
// simpler, but yaml-cpp 0.7's LoadAll loops forever (allocating) on input such as "," (upstream
// jbeder/yaml-cpp#1040, fixed by #1319 after 0.7); with events we notice the parser making no
// progress and report an error instead. Aliases are expanded, with a bound on the expanded
// size like go-yaml's "excessive aliasing" check, so a small document cannot become huge.
class JsonEventBuilder : public YAML::EventHandler
{
public:
    static constexpr qint64 MaxExpandedNodes = 4'000'000;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        m_stack.clear();
        m_root = QJsonValue();
        m_rootIsNull = true;
        m_documentMark = mark;
        m_expandedNodes = 0;
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        add(QJsonValue::Null, 1, mark, anchor, QStringLiteral("null"), true);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        if (!m_anchors.contains(anchor))
            throw ConversionError("unknown anchor referenced", mark);
        const Anchored &target = m_anchors.value(anchor);
        add(target.value, target.size, mark, 0, target.keyText, false);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        const QString text = QString::fromStdString(value);
        QJsonValue json = text;
        // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
        if (tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float"
            || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null")
            json = resolvePlain(text, mark);
        add(json, 1, mark, anchor, text, false);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        m_stack.append(Frame{false, {}, {}, {}, false, {}, {}, anchor, mark, 1});
    }
    void OnSequenceEnd() override { finishFrame(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        m_stack.append(Frame{true, {}, {}, {}, false, {}, {}, anchor, mark, 1});
    }
    void OnMapEnd() override { finishFrame(); }

    // The document just parsed; nullopt for an empty one.
    std::optional<QJsonValue> document() const
    {
        if (m_rootIsNull)
            return std::nullopt;
        return m_root;
    }
    YAML::Mark documentMark() const { return m_documentMark; }

private:
    struct Frame
    {
        bool isMap;
        QJsonArray array;
        QJsonObject object;
        QHash<QString, int> keyLines;
        bool haveKey;
        QString key;
        YAML::Mark keyMark;
        YAML::anchor_t anchor;
        YAML::Mark mark;
        qint64 size;
    };
    struct Anchored
    {
        QJsonValue value;
        qint64 size = 0;
        QString keyText;
    };

    void finishFrame()
    {
        Frame frame = m_stack.takeLast();
        if (frame.isMap)
            add(frame.object, frame.size, frame.mark, frame.anchor, QString(), false, true);
        else
            add(frame.array, frame.size, frame.mark, frame.anchor, QString(), false, true);
    }

    // `keyText` is how the value reads as a map key (the scalar's text); collections have none.
    void add(const QJsonValue &value, qint64 size, const YAML::Mark &mark, YAML::anchor_t anchor,
             const QString &keyText, bool isNull, bool isCollection = false)
    {
        m_expandedNodes += size;
        if (m_expandedNodes > MaxExpandedNodes)
            throw ConversionError("document contains excessive aliasing", mark);
        if (anchor != 0)
            m_anchors.insert(anchor, Anchored{value, size, isCollection ? QString() : keyText});
        if (m_stack.isEmpty()) {
            m_root = value;
            m_rootIsNull = isNull;
            return;
        }
        Frame &top = m_stack.last();
        top.size += size;
        if (!top.isMap) {
            top.array.append(value);
            return;
        }
        if (!top.haveKey) {
            if (isCollection)
                throw ConversionError("map keys must be scalars", mark);
            // go-yaml refuses duplicate keys; a plain map would silently keep one of them.
            if (top.keyLines.contains(keyText))
                throw ConversionError(QStringLiteral("mapping key \"%1\" already defined at line %2")
                                          .arg(keyText)
                                          .arg(top.keyLines.value(keyText))
                                          .toStdString(),
                                      mark);
            top.keyLines.insert(keyText, mark.line + 1);
            top.key = keyText;
            top.keyMark = mark;
            top.haveKey = true;
            return;
        }
        top.object.insert(top.key, value);
        top.haveKey = false;
    }

    QList<Frame> m_stack;
    QHash<YAML::anchor_t, Anchored> m_anchors;
    QJsonValue m_root;
    bool m_rootIsNull = true;
    YAML::Mark m_documentMark;
    qint64 m_expandedNodes = 0;
};

// --- JSON → YAML -----------------------------------------------------------------------------

// Whether a plain scalar with this text would read back as this very string.
bool readsBackAsString(const QString &text)
{
    try {
        const QJsonValue value = resolvePlain(text, YAML::Mark());
        return value.isString();
    } catch (const ConversionError &) {
        return false;
    }
}

// Whether a string can be written without quotes and still read back as the same string.
bool isPlainSafe(const QString &text)
{
    if (text.isEmpty() || text.front().isSpace() || text.back().isSpace())
        return false;
    if (!readsBackAsString(text))
        return false;
    static const QString indicators = QStringLiteral("-?:,[]{}#&*!|>'\"%@`");
    if (indicators.contains(text.front()))
        return false;
    if (text.endsWith(QLatin1Char(':')) || text.contains(QLatin1String(": "))
        || text.contains(QLatin1String(" #")))
        return false;
    // "---" and "..." at the start of a line mark document boundaries.
    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("...")))
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

bool hasControlCharacters(const QString &text, bool allowLineBreaks)
{
    for (const QChar c : text) {
        if (c == QLatin1Char('\t') || (allowLineBreaks && c == QLatin1Char('\n')))
            continue;
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// A string as go-yaml v2 writes it (what `kubectl get -o yaml` shows): plain when that reads
// back as the same string, double-quoted when a plain scalar would become a number, boolean or
// null ("42", "true"), a literal block (`|`, `|-`, `|+`) for multi-line text when `blockIndent`
// allows one, single-quoted otherwise.
QString scalarText(const QString &text, int blockIndent)
{
    if (isPlainSafe(text))
        return text;
    const bool multiLine = text.contains(QLatin1Char('\n'));
    if (multiLine && blockIndent >= 0 && !hasControlCharacters(text, true) && !text.front().isSpace()
        && !text.contains(QLatin1Char('\r'))) {
        QString body = text;
        QString chomp = QStringLiteral("-");
        if (body.endsWith(QLatin1Char('\n'))) {
            body.chop(1);
            chomp = body.endsWith(QLatin1Char('\n')) ? QStringLiteral("+") : QString();
        }
        QString out = QLatin1Char('|') + chomp;
        const QString pad(blockIndent, QLatin1Char(' '));
        for (const QString &line : body.split(QLatin1Char('\n')))
            out += QLatin1Char('\n') + (line.isEmpty() ? QString() : pad + line);
        return out;
    }
    if (!multiLine && !hasControlCharacters(text, false) && !text.isEmpty() && readsBackAsString(text)) {
        // Single quotes need no escapes but doubled quotes.
        QString quoted = text;
        quoted.replace(QLatin1Char('\''), QLatin1String("''"));
        return QLatin1Char('\'') + quoted + QLatin1Char('\'');
    }
    // Double-quoted YAML understands the escapes Go's %q produces for these strings.
    return GoFormat::quote(text);
}

QString scalarText(const QJsonValue &value, int blockIndent)
{
    switch (value.type()) {
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return GoFormat::formatNumber(value.toDouble());
    case QJsonValue::String: return scalarText(value.toString(), blockIndent);
    default: return QStringLiteral("null");
    }
}

bool isCollection(const QJsonValue &value)
{
    return (value.isObject() && !value.toObject().isEmpty()) || (value.isArray() && !value.toArray().isEmpty());
}

QString inlineText(const QJsonValue &value, int blockIndent)
{
    if (value.isObject())
        return QStringLiteral("{}");
    if (value.isArray())
        return QStringLiteral("[]");
    return scalarText(value, blockIndent);
}

void emitValue(QString &out, const QJsonValue &value, int indent);

// YAML readers give up on an implicit key ("key: value") longer than 1024 characters (YAML 1.2
// §7.4.2; yaml-cpp counts bytes, PyYAML characters): such a key must be an explicit "? key" entry
// or the document does not read back. go-yaml, and so kubectl -o yaml, writes every key over 128
// bytes that way; so do we, well below either reader's limit however the key is quoted.
constexpr qsizetype MaxImplicitKeyBytes = 128;

bool needsExplicitKey(const QString &key)
{
    return key.toUtf8().size() > MaxImplicitKeyBytes;
}

void emitArray(QString &out, const QJsonArray &array, int indent, bool firstLineStarted);

void emitObject(QString &out, const QJsonObject &object, int indent, bool firstLineStarted)
{
    const QString pad(indent, QLatin1Char(' '));
    bool first = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!(first && firstLineStarted))
            out += pad;
        first = false;
        const QJsonValue value = it.value();
        if (needsExplicitKey(it.key())) {
            // "? key", then ": value" below it; a collection value starts on the ":" line, as an
            // item of a sequence starts on its "-" line.
            out += QStringLiteral("? ") + scalarText(it.key(), -1) + QLatin1Char('\n') + pad + QStringLiteral(": ");
            if (!isCollection(value))
                out += inlineText(value, indent + 2) + QLatin1Char('\n');
            else if (value.isObject())
                emitObject(out, value.toObject(), indent + 2, true);
            else
                emitArray(out, value.toArray(), indent + 2, true);
            continue;
        }
        out += scalarText(it.key(), -1) + QLatin1Char(':');
        if (!isCollection(value)) {
            out += QLatin1Char(' ') + inlineText(value, indent + 2) + QLatin1Char('\n');
        } else if (value.isObject()) {
            out += QLatin1Char('\n');
            emitObject(out, value.toObject(), indent + 2, false);
        } else {
            // Sequences inside a map sit at the key's indentation, as kubectl prints them.
            out += QLatin1Char('\n');
            emitValue(out, value, indent);
        }
    }
}

void emitArray(QString &out, const QJsonArray &array, int indent, bool firstLineStarted)
{
    bool first = true;
    for (const QJsonValue &item : array) {
        if (!(first && firstLineStarted))
            out += QString(indent, QLatin1Char(' '));
        first = false;
        out += QStringLiteral("- ");
        if (!isCollection(item))
            out += inlineText(item, indent + 2) + QLatin1Char('\n');
        else if (item.isObject())
            emitObject(out, item.toObject(), indent + 2, true);
        else
            emitArray(out, item.toArray(), indent + 2, true);
    }
}

void emitValue(QString &out, const QJsonValue &value, int indent)
{
    if (!isCollection(value))
        out += QString(indent, QLatin1Char(' ')) + inlineText(value, indent + 2) + QLatin1Char('\n');
    else if (value.isObject())
        emitObject(out, value.toObject(), indent, false);
    else
        emitArray(out, value.toArray(), indent, false);
}

} // namespace

YamlDocuments YamlConverter::parseDocuments(const QByteArray &yaml)
{
    YamlDocuments result;
    auto fail = [&result](const YAML::Mark &mark, const QString &message) {
        result.documents.clear();
        result.errorLine = mark.line + 1;
        result.errorColumn = mark.column + 1;
        result.error = QStringLiteral("yaml: line %1, column %2: %3")
                           .arg(result.errorLine)
                           .arg(result.errorColumn)
                           .arg(message);
    };
    try {
        std::stringstream stream(yaml.toStdString());
        YAML::Parser parser(stream);
        JsonEventBuilder builder;
        std::optional<YAML::Mark> lastEmpty;
        while (parser.HandleNextDocument(builder)) {
            const std::optional<QJsonValue> document = builder.document();
            if (document) {
                result.documents.append(*document);
                lastEmpty.reset();
                continue;
            }
            // `---` followed by nothing (or only comments) is an empty document: skip it. Two
            // empty documents at the same place mean the parser is stuck on a stray token.
            const YAML::Mark mark = builder.documentMark();
            if (lastEmpty && lastEmpty->pos == mark.pos) {
                fail(mark, QStringLiteral("did not find expected node content"));
                break;
            }
            lastEmpty = mark;
        }
    } catch (const YAML::Exception &e) {
        fail(e.mark, QString::fromStdString(e.msg));
    } catch (const ConversionError &e) {
        fail(e.mark, QString::fromStdString(e.what()));
    }
    return result;
}

QByteArray YamlConverter::toYaml(const QJsonValue &value)
{
    QString out;
    emitValue(out, value, 0);
    return out.toUtf8();
}

QByteArray YamlConverter::toYaml(const QList<QJsonValue> &documents)
{
    QByteArray out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += toYaml(documents.at(i));
    }
    return out;
}

} // namespace cvc
