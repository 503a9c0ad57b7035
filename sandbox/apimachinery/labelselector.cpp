#include "apimachinery/labelselector.h"

#include "apimachinery/objectmetavalidator.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

// Tokens of k8s.io/apimachinery/pkg/labels/selector.go's lexer.
struct Token
{
    enum class Kind { End, Identifier, Comma, Equals, DoubleEquals, NotEquals, Bang, In, NotIn,
                      OpenParen, CloseParen, Greater, Less };
    Kind kind = Kind::End;
    QString text;
};

class Lexer
{
public:
    explicit Lexer(const QString &text) : m_text(text) {}

    Token next()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
        if (m_pos >= m_text.size())
            return {Token::Kind::End, QString()};
        const QChar c = m_text.at(m_pos);
        auto take = [this](Token::Kind kind, int length) {
            const Token token{kind, m_text.mid(m_pos, length)};
            m_pos += length;
            return token;
        };
        if (c == QLatin1Char(','))
            return take(Token::Kind::Comma, 1);
        if (c == QLatin1Char('('))
            return take(Token::Kind::OpenParen, 1);
        if (c == QLatin1Char(')'))
            return take(Token::Kind::CloseParen, 1);
        if (c == QLatin1Char('>'))
            return take(Token::Kind::Greater, 1);
        if (c == QLatin1Char('<'))
            return take(Token::Kind::Less, 1);
        if (c == QLatin1Char('=')) {
            if (m_text.mid(m_pos, 2) == QLatin1String("=="))
                return take(Token::Kind::DoubleEquals, 2);
            return take(Token::Kind::Equals, 1);
        }
        if (c == QLatin1Char('!')) {
            if (m_text.mid(m_pos, 2) == QLatin1String("!="))
                return take(Token::Kind::NotEquals, 2);
            return take(Token::Kind::Bang, 1);
        }
        const qsizetype begin = m_pos;
        while (m_pos < m_text.size()) {
            const QChar ch = m_text.at(m_pos);
            if (ch.isSpace() || QStringLiteral(",()=!<>").contains(ch))
                break;
            ++m_pos;
        }
        const QString word = m_text.mid(begin, m_pos - begin);
        if (word == QLatin1String("in"))
            return {Token::Kind::In, word};
        if (word == QLatin1String("notin"))
            return {Token::Kind::NotIn, word};
        return {Token::Kind::Identifier, word};
    }

    Token peek()
    {
        const qsizetype saved = m_pos;
        const Token token = next();
        m_pos = saved;
        return token;
    }

private:
    QString m_text;
    qsizetype m_pos = 0;
};

QString describe(const Token &token)
{
    return token.kind == Token::Kind::End ? QStringLiteral("end of string") : token.text;
}

} // namespace

std::optional<LabelSelector> LabelSelector::parse(const QString &text, QString *errorMessage)
{
    // Go wraps errors inside one requirement, but not those between requirements.
    auto failBetween = [errorMessage](const QString &message) -> std::optional<LabelSelector> {
        if (errorMessage)
            *errorMessage = message;
        return std::nullopt;
    };
    auto fail = [&failBetween](const QString &message) {
        return failBetween(QStringLiteral("unable to parse requirement: ") + message);
    };

    LabelSelector selector;
    Lexer lexer(text);
    if (lexer.peek().kind == Token::Kind::End)
        return selector;

    while (true) {
        Requirement requirement;
        Token token = lexer.next();
        bool negated = false;
        if (token.kind == Token::Kind::Bang) {
            negated = true;
            token = lexer.next();
        }
        if (token.kind != Token::Kind::Identifier)
            return failBetween(QStringLiteral("found '%1', expected: !, identifier, or 'end of string'").arg(describe(token)));
        requirement.key = token.text;
        const QStringList keyErrors = ObjectMetaValidator::isQualifiedName(requirement.key);
        if (!keyErrors.isEmpty())
            return fail(QStringLiteral("key: Invalid value: \"%1\": %2").arg(requirement.key, keyErrors.join(QStringLiteral("; "))));

        const Token op = lexer.peek();
        if (negated || op.kind == Token::Kind::Comma || op.kind == Token::Kind::End) {
            if (negated && !(op.kind == Token::Kind::Comma || op.kind == Token::Kind::End))
                return fail(QStringLiteral("exists operator (!) must not be followed by an operator, found '%1'").arg(describe(op)));
            requirement.op = negated ? Requirement::Operator::DoesNotExist : Requirement::Operator::Exists;
        } else {
            lexer.next();
            switch (op.kind) {
            case Token::Kind::Equals:
            case Token::Kind::DoubleEquals:
            case Token::Kind::NotEquals: {
                requirement.op = op.kind == Token::Kind::NotEquals ? Requirement::Operator::NotEquals
                                                                   : Requirement::Operator::Equals;
                const Token value = lexer.peek();
                if (value.kind == Token::Kind::Identifier || value.kind == Token::Kind::In
                    || value.kind == Token::Kind::NotIn) {
                    lexer.next();
                    requirement.values.append(value.text);
                } else if (value.kind == Token::Kind::Comma || value.kind == Token::Kind::End) {
                    requirement.values.append(QString()); // `k=` selects an empty value
                } else {
                    return fail(QStringLiteral("found '%1', expected: identifier").arg(describe(value)));
                }
                break;
            }
            case Token::Kind::In:
            case Token::Kind::NotIn: {
                requirement.op = op.kind == Token::Kind::In ? Requirement::Operator::In : Requirement::Operator::NotIn;
                Token open = lexer.next();
                if (open.kind != Token::Kind::OpenParen)
                    return fail(QStringLiteral("found '%1', expected: '('").arg(describe(open)));
                while (true) {
                    Token value = lexer.next();
                    if (value.kind == Token::Kind::CloseParen && requirement.values.isEmpty()) {
                        requirement.values.append(QString()); // Go reads `k in ()` as k in ("")
                        break;
                    }
                    if (value.kind == Token::Kind::Identifier || value.kind == Token::Kind::In
                        || value.kind == Token::Kind::NotIn) {
                        requirement.values.append(value.text);
                        value = lexer.next();
                    } else if (value.kind == Token::Kind::Comma || value.kind == Token::Kind::CloseParen) {
                        requirement.values.append(QString()); // an empty value between commas
                    } else {
                        return fail(QStringLiteral("found '%1', expected: ',', ')' or identifier").arg(describe(value)));
                    }
                    if (value.kind == Token::Kind::CloseParen)
                        break;
                    if (value.kind != Token::Kind::Comma)
                        return fail(QStringLiteral("found '%1', expected: ',' or ')'").arg(describe(value)));
                }
                if (requirement.values.isEmpty())
                    return fail(QStringLiteral("for 'in', 'notin' operators, values set can't be empty"));
                break;
            }
            case Token::Kind::Greater:
            case Token::Kind::Less: {
                requirement.op = op.kind == Token::Kind::Greater ? Requirement::Operator::GreaterThan
                                                                 : Requirement::Operator::LessThan;
                const Token value = lexer.next();
                bool isInteger = false;
                value.text.toLongLong(&isInteger);
                if (value.kind != Token::Kind::Identifier || !isInteger)
                    return fail(QStringLiteral("for 'Gt', 'Lt' operators, the value must be an integer"));
                requirement.values.append(value.text);
                break;
            }
            default:
                return fail(QStringLiteral("found '%1', expected: in, notin, =, ==, !=, gt, lt").arg(describe(op)));
            }
        }
        for (const QString &value : std::as_const(requirement.values)) {
            const QStringList valueErrors = ObjectMetaValidator::isValidLabelValue(value);
            if (!valueErrors.isEmpty())
                return fail(QStringLiteral("values[0][%1]: Invalid value: \"%2\": %3")
                                .arg(requirement.key, value, valueErrors.join(QStringLiteral("; "))));
        }
        selector.m_requirements.append(requirement);

        const Token separator = lexer.next();
        if (separator.kind == Token::Kind::End)
            break;
        if (separator.kind != Token::Kind::Comma)
            return failBetween(QStringLiteral("found '%1', expected: ',' or 'end of string'").arg(describe(separator)));
    }
    return selector;
}

std::optional<LabelSelector> LabelSelector::fromJson(const QJsonObject &selector, QString *errorMessage)
{
    LabelSelector out;
    const QJsonObject matchLabels = selector.value(QLatin1String("matchLabels")).toObject();
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
        out.m_requirements.append({it.key(), Requirement::Operator::Equals, {it.value().toString()}});
    for (const QJsonValue &value : selector.value(QLatin1String("matchExpressions")).toArray()) {
        const QJsonObject expression = value.toObject();
        Requirement requirement;
        requirement.key = expression.value(QLatin1String("key")).toString();
        for (const QJsonValue &v : expression.value(QLatin1String("values")).toArray())
            requirement.values.append(v.toString());
        const QString op = expression.value(QLatin1String("operator")).toString();
        if (op == QLatin1String("In"))
            requirement.op = Requirement::Operator::In;
        else if (op == QLatin1String("NotIn"))
            requirement.op = Requirement::Operator::NotIn;
        else if (op == QLatin1String("Exists"))
            requirement.op = Requirement::Operator::Exists;
        else if (op == QLatin1String("DoesNotExist"))
            requirement.op = Requirement::Operator::DoesNotExist;
        else {
            if (errorMessage)
                *errorMessage = QStringLiteral("\"%1\" is not a valid label selector operator").arg(op);
            return std::nullopt;
        }
        out.m_requirements.append(requirement);
    }
    return out;
}

bool LabelSelector::matches(const QJsonObject &labels) const
{
    for (const Requirement &r : m_requirements) {
        const bool present = labels.contains(r.key);
        const QString value = labels.value(r.key).toString();
        switch (r.op) {
        case Requirement::Operator::Equals:
        case Requirement::Operator::In:
            if (!present || !r.values.contains(value))
                return false;
            break;
        case Requirement::Operator::NotEquals:
        case Requirement::Operator::NotIn:
            if (present && r.values.contains(value))
                return false;
            break;
        case Requirement::Operator::Exists:
            if (!present)
                return false;
            break;
        case Requirement::Operator::DoesNotExist:
            if (present)
                return false;
            break;
        case Requirement::Operator::GreaterThan:
        case Requirement::Operator::LessThan: {
            bool ok = false;
            const qint64 actual = value.toLongLong(&ok);
            const qint64 bound = r.values.value(0).toLongLong();
            if (!present || !ok)
                return false;
            if (r.op == Requirement::Operator::GreaterThan ? actual <= bound : actual >= bound)
                return false;
            break;
        }
        }
    }
    return true;
}

bool LabelSelector::matchesObject(const QJsonObject &object) const
{
    return matches(object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject());
}

} // namespace cvc::sandbox
