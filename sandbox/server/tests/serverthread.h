#pragma once

// Runs a SandboxServer in its own thread with its own event loop, so a test can use blocking
// sockets against it. The server lives and dies inside the thread.

#include "sandboxserver.h"

#include <QSemaphore>
#include <QThread>

class ServerThread : public QThread
{
public:
    explicit ServerThread(cvc::sandbox::SandboxServer::Config config)
        : m_config(std::move(config))
    {
    }
    ~ServerThread() override { stop(); }

    bool startServer()
    {
        start();
        m_ready.acquire();
        return m_port != 0;
    }
    void stop()
    {
        if (isRunning()) {
            quit();
            wait();
        }
    }

    quint16 port() const { return m_port; }
    QByteArray token() const { return m_token; }
    QByteArray caPem() const { return m_caPem; }
    QString error() const { return m_error; }

protected:
    void run() override
    {
        {
            cvc::sandbox::SandboxServer server;
            if (server.start(m_config, QHostAddress::LocalHost, 0, &m_error)) {
                m_port = server.port();
                m_token = server.adminToken().toUtf8();
                m_caPem = server.caCertificatePem();
            }
            m_ready.release();
            if (m_port != 0)
                exec();
            server.stop();
        }
    }

private:
    cvc::sandbox::SandboxServer::Config m_config;
    QSemaphore m_ready;
    quint16 m_port = 0;
    QByteArray m_token;
    QByteArray m_caPem;
    QString m_error;
};
