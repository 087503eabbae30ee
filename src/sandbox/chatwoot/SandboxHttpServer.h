#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace cx::sandbox {

struct SandboxRequest {
    QByteArray method;
    QString path; // decoded path, without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const; // case-insensitive
};

struct SandboxResponse {
    int status = 200;
    QByteArray contentType = "application/json; charset=utf-8";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// How the response goes out: the fault injection of the sandbox decides.
struct SandboxReply {
    enum class Delivery { Normal, Drop, SlowBody };
    SandboxResponse response;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0; // before anything is written (latency, "apply then delay")
    int chunkDelayMs = 0; // SlowBody: pause between body chunks
    int chunks = 4; // SlowBody: how many pieces
};

// A tiny HTTP/1.1 server on QTcpServer (127.0.0.1 only): Content-Length bodies, one request per connection
// (Connection: close). Small on purpose; it exists so faults (dropped connections, slow bodies, late
// answers) can be produced exactly, which QHttpServer 6.4 cannot.
class SandboxHttpServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxHttpServer)

public:
    using Handler = std::function<SandboxReply(const SandboxRequest&)>;

    explicit SandboxHttpServer(Handler handler, QObject* parent = nullptr);
    ~SandboxHttpServer() override;

    quint16 listen(quint16 port = 0); // 0 on failure
    quint16 port() const;
    void close();

    static constexpr qsizetype kMaxRequestBytes = 8 * 1024 * 1024;

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void dispatch(QTcpSocket* socket, const SandboxRequest& request);
    void writeReply(QTcpSocket* socket, const SandboxReply& reply);

    Handler m_handler;
    QTcpServer* m_server = nullptr;
};

QByteArray reasonPhrase(int status);

} // namespace cx::sandbox
