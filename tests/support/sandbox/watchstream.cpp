#include "watchstream.h"

#include "httpreply.h"
#include "sandboxprocess.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

namespace cvc::testsupport {

WatchStream::WatchStream(SandboxProcess &sandbox, QObject *parent)
    : QObject(parent)
    , m_sandbox(sandbox)
    , m_network(new QNetworkAccessManager(this))
{
}

WatchStream::~WatchStream()
{
    close();
}

bool WatchStream::open(const QString &pathAndQuery, const QByteArray &accept, int timeoutMs)
{
    close();
    m_status = 0;
    m_headers.clear();
    m_raw.clear();
    m_pending.clear();
    m_events.clear();
    m_malformed = 0;
    m_finished = false;
    m_error.clear();

    m_reply = m_network->get(m_sandbox.networkRequest(pathAndQuery, accept));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_headers = m_reply->rawHeaderPairs();
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &WatchStream::readAvailable);
    connect(m_reply, &QNetworkReply::finished, this, [this] {
        readAvailable();
        if (m_status == 0)
            m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (m_reply->error() != QNetworkReply::NoError)
            m_error = m_reply->errorString();
        m_finished = true;
        Q_EMIT finished();
    });
    (void)QTest::qWaitFor([this] { return m_status != 0 || m_finished; }, timeoutMs);
    return m_status == 200;
}

void WatchStream::close()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (!reply->isFinished())
        reply->abort();
    reply->deleteLater();
    m_finished = true;
}

void WatchStream::readAvailable()
{
    if (!m_reply)
        return;
    const QByteArray chunk = m_reply->readAll();
    m_raw += chunk;
    m_pending += chunk;
    // The watch protocol frames events by newline; a partial line waits for the next chunk.
    qsizetype newline;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline).trimmed();
        m_pending.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) {
            ++m_malformed;
            continue;
        }
        m_events.append(doc.object());
        Q_EMIT eventReceived(doc.object());
    }
}

int WatchStream::status() const
{
    return m_status;
}

QByteArray WatchStream::header(const QByteArray &name) const
{
    return HttpReply::findHeader(m_headers, name);
}

QList<QJsonObject> WatchStream::events() const
{
    return m_events;
}

QByteArray WatchStream::rawBody() const
{
    return m_raw;
}

int WatchStream::malformedLines() const
{
    return m_malformed;
}

bool WatchStream::isFinished() const
{
    return m_finished;
}

bool WatchStream::waitForEvents(int count, int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return m_events.size() >= count || m_finished; }, timeoutMs);
    return m_events.size() >= count;
}

bool WatchStream::waitForFinished(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_finished; }, timeoutMs);
}

QString WatchStream::describe() const
{
    QStringList types;
    for (qsizetype i = qMax<qsizetype>(0, m_events.size() - 8); i < m_events.size(); ++i)
        types.append(m_events.at(i).value(QLatin1String("type")).toString());
    QString text = QStringLiteral("watch status %1, %2 events (last: %3)%4")
                       .arg(m_status)
                       .arg(m_events.size())
                       .arg(types.join(QLatin1Char(',')), m_finished ? QStringLiteral(", ended") : QString());
    if (m_malformed)
        text += QStringLiteral(", %1 malformed lines").arg(m_malformed);
    if (!m_error.isEmpty())
        text += QStringLiteral(", error: ") + m_error;
    if (m_status != 200 && !m_raw.isEmpty())
        text += QStringLiteral(", body: ") + QString::fromUtf8(m_raw.left(400));
    return text;
}

} // namespace cvc::testsupport
