#include "SandboxHttpServer.h"

#include "foundation/LogCategories.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace cx::sandbox {

namespace {
const char* kBufferProperty = "cxSandboxBuffer";
const char* kDoneProperty = "cxSandboxDispatched";
} // namespace

QByteArray SandboxRequest::header(const QByteArray& name) const
{
    const QByteArray wanted = name.toLower();
    for (const auto& [key, value] : headers) {
        if (key.toLower() == wanted)
            return value;
    }
    return {};
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

SandboxHttpServer::SandboxHttpServer(Handler handler, QObject* parent)
    : QObject(parent)
    , m_handler(std::move(handler))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &SandboxHttpServer::onNewConnection);
}

SandboxHttpServer::~SandboxHttpServer() = default;

quint16 SandboxHttpServer::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcSandbox) << "sandbox cannot listen:" << m_server->errorString();
        return 0;
    }
    return m_server->serverPort();
}

quint16 SandboxHttpServer::port() const
{
    return m_server->isListening() ? m_server->serverPort() : 0;
}

void SandboxHttpServer::close()
{
    m_server->close();
}

void SandboxHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void SandboxHttpServer::onReadyRead(QTcpSocket* socket)
{
    if (socket->property(kDoneProperty).toBool()) {
        socket->readAll(); // one request per connection
        return;
    }
    QByteArray buffer = socket->property(kBufferProperty).toByteArray() + socket->readAll();
    auto fail = [this, socket](int status, const QByteArray& message) {
        SandboxReply reply;
        reply.response.status = status;
        reply.response.contentType = "text/plain";
        reply.response.body = message;
        socket->setProperty(kDoneProperty, true);
        writeReply(socket, reply);
    };
    if (buffer.size() > kMaxRequestBytes)
        return fail(413, "Request too large");
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        socket->setProperty(kBufferProperty, buffer);
        return;
    }
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return fail(400, "Bad request line");
    SandboxRequest request;
    request.method = requestLine.at(0);
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        request.headers.append({ name, value });
        if (name.toLower() == "content-length")
            contentLength = value.toLongLong();
        if (name.toLower() == "transfer-encoding" && value.toLower() != "identity")
            return fail(400, "Chunked request bodies are not supported by the sandbox");
    }
    if (contentLength < 0 || contentLength > kMaxRequestBytes)
        return fail(413, "Request too large");
    if (buffer.size() < headerEnd + 4 + contentLength) {
        socket->setProperty(kBufferProperty, buffer);
        return;
    }
    request.body = buffer.mid(headerEnd + 4, contentLength);
    const QUrl target(QString::fromLatin1(requestLine.at(1)));
    request.path = target.path(QUrl::FullyDecoded);
    request.query = QUrlQuery(target.query(QUrl::FullyEncoded));
    socket->setProperty(kDoneProperty, true);
    socket->setProperty(kBufferProperty, QVariant());
    dispatch(socket, request);
}

void SandboxHttpServer::dispatch(QTcpSocket* socket, const SandboxRequest& request)
{
    const SandboxReply reply = m_handler(request);
    QPointer<QTcpSocket> guard(socket);
    if (reply.delayMs > 0) {
        QTimer::singleShot(reply.delayMs, this, [this, guard, reply]() {
            if (guard)
                writeReply(guard, reply);
        });
        return;
    }
    writeReply(socket, reply);
}

void SandboxHttpServer::writeReply(QTcpSocket* socket, const SandboxReply& reply)
{
    if (reply.delivery == SandboxReply::Delivery::Drop) {
        socket->abort(); // no answer at all: the client sees the connection close
        socket->deleteLater();
        return;
    }
    const SandboxResponse& r = reply.response;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    head += "Content-Type: " + r.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto& [name, value] : r.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    if (reply.delivery == SandboxReply::Delivery::SlowBody && !r.body.isEmpty()) {
        socket->write(head);
        const int chunks = qMax(1, reply.chunks);
        const qsizetype chunkSize = qMax<qsizetype>(1, (r.body.size() + chunks - 1) / chunks);
        QPointer<QTcpSocket> guard(socket);
        for (int i = 0; i < chunks; ++i) {
            const QByteArray piece = r.body.mid(i * chunkSize, chunkSize);
            const bool last = i == chunks - 1;
            QTimer::singleShot((i + 1) * reply.chunkDelayMs, this, [guard, piece, last]() {
                if (!guard)
                    return;
                guard->write(piece);
                if (last)
                    guard->disconnectFromHost();
            });
        }
        return;
    }
    socket->write(head + r.body);
    socket->disconnectFromHost();
}

} // namespace cx::sandbox
