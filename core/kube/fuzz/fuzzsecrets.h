#pragma once

// What the credential fuzz targets check about secrets: which parts of an input are secret enough
// that no message may quote them, and what a header value may hold.

#include <QByteArray>
#include <QString>
#include <QStringList>

// A token worth looking for in messages: long enough, one word, letters and digits, as real tokens
// are. Shorter or plainer text turns up in any sentence by chance ("token", "a").
inline bool isDistinctiveToken(const QString &token)
{
    bool letter = false;
    bool digit = false;
    for (const QChar c : token) {
        if (c.isSpace())
            return false;
        letter = letter || c.isLetter();
        digit = digit || c.isDigit();
    }
    return token.size() >= 8 && letter && digit;
}

// The lines of a PEM key's body (16 or more base64 characters): a message quoting any of them
// quotes the key. Headers and other text are left out, since messages may say "private key".
inline QStringList keyBodyLines(const QString &pem)
{
    QStringList lines;
    for (const QString &raw : pem.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        bool base64 = line.size() >= 16;
        for (const QChar c : line) {
            base64 = base64 && c.unicode() < 0x80
                     && (c.isLetterOrNumber() || c == QLatin1Char('+') || c == QLatin1Char('/') || c == QLatin1Char('='));
        }
        if (base64)
            lines.append(line);
    }
    return lines;
}

// RFC 9110 field-value: no control characters but HTAB (what Go's net/http checks).
inline bool isHeaderValue(const QByteArray &value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}
