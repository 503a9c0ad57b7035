#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cvc {

struct WatchEvent
{
    QString type;        // ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
    QJsonObject object;
    // False for an object nested deeper than Qt can read: `object` then holds only its identity
    // (apiVersion, kind, metadata name/namespace/uid/resourceVersion), and the stream goes on.
    bool readable = true;
};

// Splits a watch response body (newline-delimited JSON objects, kube-api.md §2.3) into events,
// whatever the chunk boundaries. Pure: no I/O, safe to fuzz.
class WatchEventDecoder
{
public:
    // Feeds the next bytes; returns the events completed by them. A malformed line (not a JSON
    // object with a known type) sets errorString() and is skipped.
    QList<WatchEvent> feed(const QByteArray &bytes);
    // End of stream: decodes a last line that had no newline.
    QList<WatchEvent> finish();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

    // Lines longer than this are an error (guards memory against a broken server). 64 MiB.
    static constexpr qsizetype MaxLineBytes = 64 * 1024 * 1024;

private:
    void decodeLine(const QByteArray &line, QList<WatchEvent> &out);
    bool decodeDeepLine(const QByteArray &line, QList<WatchEvent> &out);

    QByteArray m_buffer;
    qsizetype m_scanFrom = 0;
    bool m_discarding = false;
    QString m_error;
};

} // namespace cvc
