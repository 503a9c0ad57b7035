#include "fakecoingecko.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <cmath>

namespace cvc {

namespace {

constexpr auto kRoot = "/api/v3";
constexpr auto kRedacted = "<redacted>";
constexpr qint64 kDay = 24 * 3600;

// CoinGecko's documented bodies, word for word where the docs give them.
const char kRateLimitMessage[] =
    "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe "
    "to our API plans for higher rate limits.";
const char k10010Message[] =
    "If you are using Pro API key, please change your root URL from api.coingecko.com to "
    "pro-api.coingecko.com";
const char k10011Message[] =
    "If you are using Demo API key, please change your root URL from pro-api.coingecko.com to "
    "api.coingecko.com";
const char kInvalidKeyMessage[] =
    "You have provided incorrect API key credentials. Please check your keys in developer dashboard "
    "and ensure that your request is authorized";
const char kMissingKeyMessage[] =
    "API Key Missing. Please make sure you're using the right authentication method. For Pro API, "
    "ensure you pass in x_cg_pro_api_key parameter with a Pro Key";

QByteArray statusBody(int code, const char *message)
{
    const QJsonObject status{{QStringLiteral("error_code"), code},
                             {QStringLiteral("error_message"), QString::fromUtf8(message)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("status"), status}}).toJson(QJsonDocument::Compact);
}

// The shortest text that reads back as the same double, as JSON writes numbers.
QByteArray jsonNumber(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2);
}

double roundTo(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

// CoinGecko rounds unless asked for precision=full (or a number of decimals).
double applyPrecision(double v, const QString &precision)
{
    if (precision == QLatin1String("full"))
        return v;
    bool ok = false;
    const int decimals = precision.toInt(&ok);
    if (ok && decimals >= 0 && decimals <= 18)
        return roundTo(v, decimals);
    if (std::fabs(v) >= 1.0)
        return roundTo(v, 2);
    if (v == 0.0)
        return v;
    const int magnitude = int(std::floor(std::log10(std::fabs(v))));
    return roundTo(v, std::min(18, 7 - magnitude)); // 8 significant digits
}

bool isTrue(const QString &v)
{
    return v.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

bool isKeyHeader(QByteArrayView name)
{
    return name.compare("x-cg-demo-api-key", Qt::CaseInsensitive) == 0
        || name.compare("x-cg-pro-api-key", Qt::CaseInsensitive) == 0
        || name.compare("authorization", Qt::CaseInsensitive) == 0;
}

bool isKeyParameter(const QString &name)
{
    return name == QLatin1String("x_cg_demo_api_key") || name == QLatin1String("x_cg_pro_api_key");
}

} // namespace

FakeCoinGecko::FakeCoinGecko(QObject *parent)
    : QObject(parent)
    , m_server(new HttpServer(this))
    , m_providers([this](const QString &coin) -> std::optional<std::pair<double, qint64>> {
        if (!m_prices.contains(coin))
            return std::nullopt;
        const Price &p = m_prices[coin];
        return std::pair(p.usd, p.lastUpdatedAt.toSecsSinceEpoch());
    })
{
    m_server->setHandler([this](HttpExchange *exchange) { handle(exchange); });
}

FakeCoinGecko::~FakeCoinGecko() = default;

bool FakeCoinGecko::listen(quint16 port, const QHostAddress &address)
{
    return m_server->listen(address, port);
}

quint16 FakeCoinGecko::port() const
{
    return m_server->serverPort();
}

QUrl FakeCoinGecko::rootUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(QLatin1String(kRoot)));
}

QUrl FakeCoinGecko::providerRootUrl(const QString &provider) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/%2").arg(port()).arg(provider));
}

QString FakeCoinGecko::errorString() const
{
    return m_server->errorString();
}

void FakeCoinGecko::setFlavour(Flavour flavour)
{
    m_flavour = flavour;
}

void FakeCoinGecko::setApiKey(const QByteArray &key)
{
    m_apiKey = key;
}

void FakeCoinGecko::setPrice(const QString &coin, double usd, std::optional<double> change24h,
                             const QDateTime &lastUpdatedAt)
{
    m_prices.insert(coin, Price{usd, change24h,
                                lastUpdatedAt.isValid() ? lastUpdatedAt.toUTC() : QDateTime::currentDateTimeUtc()});
}

void FakeCoinGecko::removePrice(const QString &coin)
{
    m_prices.remove(coin);
}

void FakeCoinGecko::clearPrices()
{
    m_prices.clear();
}

void FakeCoinGecko::setDefaultPrices()
{
    setPrice(QStringLiteral("bitcoin"), 41222, 1.25);
    setPrice(QStringLiteral("ethereum"), 3095.76, -0.84);
    setPrice(QStringLiteral("dogecoin"), 0.0821, 2.5);
    setPrice(QStringLiteral("shiba-inu"), 0.00000812, -3.1);
}

void FakeCoinGecko::failNext(int count, int status, std::optional<int> retryAfterSeconds)
{
    for (int i = 0; i < count; ++i)
        m_failures.push_back({status, retryAfterSeconds});
}

int FakeCoinGecko::callCount(const QString &path) const
{
    if (path.isEmpty())
        return int(m_calls.size());
    return int(std::count_if(m_calls.cbegin(), m_calls.cend(),
                             [&](const FakeCoinGeckoCall &c) { return c.path == path; }));
}

void FakeCoinGecko::handle(HttpExchange *exchange)
{
    const HttpRequest &request = exchange->request();
    if (request.path.startsWith(QLatin1String("/_admin/"))) {
        const Answer a = answerAdmin(request);
        exchange->respond(a.status, "application/json", a.body, a.headers);
        return;
    }

    FakeCoinGeckoCall call;
    call.at = QDateTime::currentDateTimeUtc();
    call.method = request.method;
    call.path = request.path.startsWith(QLatin1String(kRoot)) ? request.path.mid(int(qstrlen(kRoot))) : request.path;
    for (const auto &[name, value] : request.headers)
        call.headers.append({name, isKeyHeader(name) ? QByteArray(kRedacted) : value});
    for (const auto &[name, value] : request.query.queryItems(QUrl::FullyDecoded))
        call.query.addQueryItem(name, isKeyParameter(name) ? QString::fromLatin1(kRedacted) : value);

    const Answer a = answer(request, call.path);
    call.status = a.status;
    m_calls.append(call);
    Q_EMIT callRecorded(call);

    if (m_latencyMs <= 0) {
        exchange->respond(a.status, "application/json", a.body, a.headers);
        return;
    }
    QPointer<HttpExchange> guarded(exchange);
    QTimer::singleShot(m_latencyMs, this, [guarded, a]() {
        if (guarded)
            guarded->respond(a.status, "application/json", a.body, a.headers);
    });
}

std::optional<FakeCoinGecko::Answer> FakeCoinGecko::keyError(const HttpRequest &request) const
{
    const auto keyFrom = [&](const char *header, const char *parameter) {
        QByteArray key = request.header(header);
        if (key.isEmpty())
            key = request.queryItem(QString::fromLatin1(parameter)).toUtf8();
        return key;
    };
    const QByteArray demoKey = keyFrom("x-cg-demo-api-key", "x_cg_demo_api_key");
    const QByteArray proKey = keyFrom("x-cg-pro-api-key", "x_cg_pro_api_key");

    // A key of the wrong kind for this host: CoinGecko answers 400 with 10010/10011.
    if (m_flavour == Flavour::Public && !proKey.isEmpty())
        return Answer{400, statusBody(10010, k10010Message), {}};
    if (m_flavour == Flavour::Pro && !demoKey.isEmpty())
        return Answer{400, statusBody(10011, k10011Message), {}};

    const QByteArray given = m_flavour == Flavour::Pro ? proKey : demoKey;
    if (m_flavour == Flavour::Pro && given.isEmpty())
        return Answer{401, statusBody(10002, kMissingKeyMessage), {}};
    if (!given.isEmpty() && !m_apiKey.isEmpty() && given != m_apiKey)
        return Answer{401, statusBody(10002, kInvalidKeyMessage), {}};
    // The public host with a configured key: keyless calls are still fine (the keyless plan).
    return std::nullopt;
}

FakeCoinGecko::Answer FakeCoinGecko::rateLimitAnswer(std::optional<int> retryAfterSeconds) const
{
    Answer a{429, statusBody(429, kRateLimitMessage), {}};
    if (!m_retryAfterHeader.isEmpty())
        a.headers.append({"Retry-After", m_retryAfterHeader});
    else if (retryAfterSeconds)
        a.headers.append({"Retry-After", QByteArray::number(*retryAfterSeconds)});
    return a;
}

FakeCoinGecko::Answer FakeCoinGecko::answer(const HttpRequest &request, const QString &path)
{
    if (FakePriceProviders::handles(request.path)) {
        const FakePriceProviders::Answer p = m_providers.answer(request);
        Answer a{p.status, p.body, {}};
        if (!p.retryAfter.isEmpty())
            a.headers.append({"Retry-After", p.retryAfter});
        return a;
    }
    if (!request.path.startsWith(QLatin1String(kRoot)))
        return Answer{404, R"({"error":"Not Found"})", {}};
    if (m_redirect.isValid()) {
        QUrl to = m_redirect;
        to.setPath(m_redirect.path() + path);
        to.setQuery(request.query);
        return Answer{302, R"({"error":"Found"})", {{"Location", to.toEncoded()}}};
    }
    if (request.method != "GET")
        return Answer{405, R"({"error":"Method Not Allowed"})", {}};

    // Every request counts toward the per-minute limit, errors included, as CoinGecko documents.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while (!m_window.empty() && m_window.front().msecsTo(now) >= 60000)
        m_window.pop_front();
    m_window.push_back(now);

    if (auto error = keyError(request))
        return *error;
    if (!m_failures.empty()) {
        const Failure f = m_failures.front();
        m_failures.pop_front();
        if (f.status == 429)
            return rateLimitAnswer(f.retryAfter);
        Answer a{f.status, f.status >= 500 ? QByteArray(R"({"error":"Internal Server Error"})")
                                           : QByteArray(R"({"error":"injected failure"})"), {}};
        if (f.retryAfter)
            a.headers.append({"Retry-After", QByteArray::number(*f.retryAfter)});
        return a;
    }
    if (m_rateLimitPerMinute > 0 && int(m_window.size()) > m_rateLimitPerMinute)
        return rateLimitAnswer(m_retryAfterSeconds);

    Answer a;
    if (path == QLatin1String("/ping")) {
        a.body = R"({"gecko_says":"(V3) To the Moon!"})";
    } else if (path == QLatin1String("/simple/price")) {
        a = simplePrice(request);
    } else if (path == QLatin1String("/coins/list")) {
        a = coinsList();
    } else if (path == QLatin1String("/key") && !m_keyUsage.isEmpty()) {
        // Pro's API usage (docs.coingecko.com/reference/api-usage), as set with state "keyUsage".
        a.body = QJsonDocument(m_keyUsage).toJson(QJsonDocument::Compact);
    } else if (path.startsWith(QLatin1String("/coins/")) && path.endsWith(QLatin1String("/market_chart/range"))) {
        const QString coin = path.mid(7, path.size() - 7 - int(qstrlen("/market_chart/range")));
        a = marketChartRange(coin, request);
    } else {
        return Answer{404, R"({"error":"Not Found"})", {}};
    }
    if (a.status == 200 && m_malformedNext > 0) {
        --m_malformedNext;
        a.body = a.body.left(std::max<qsizetype>(1, a.body.size() / 2));
    }
    return a;
}

FakeCoinGecko::Answer FakeCoinGecko::simplePrice(const HttpRequest &request)
{
    const QString ids = request.queryItem(QStringLiteral("ids"));
    const QString currencies = request.queryItem(QStringLiteral("vs_currencies"));
    if (currencies.isEmpty())
        return Answer{400, R"({"error":"Missing parameter vs_currencies"})", {}};
    const bool usd = currencies.split(QLatin1Char(',')).contains(QLatin1String("usd"), Qt::CaseInsensitive);
    const bool change = isTrue(request.queryItem(QStringLiteral("include_24hr_change")));
    const bool updated = isTrue(request.queryItem(QStringLiteral("include_last_updated_at")));
    const QString precision = request.queryItem(QStringLiteral("precision"));

    // Written by hand to keep CoinGecko's key order: usd, usd_24h_change, last_updated_at.
    QByteArray body = "{";
    bool first = true;
    QStringList seen;
    for (QString id : ids.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        id = id.trimmed().toLower();
        // Unknown ids are left out, not reported, exactly as CoinGecko does.
        if (seen.contains(id) || !m_prices.contains(id) || m_missing.contains(id))
            continue;
        seen.append(id);
        const Price &p = m_prices[id];
        if (!first)
            body += ',';
        first = false;
        body += QJsonDocument(QJsonArray{id}).toJson(QJsonDocument::Compact).mid(1).chopped(1) + ":{";
        QByteArrayList fields;
        if (usd) {
            fields << "\"usd\":" + jsonNumber(applyPrecision(p.usd, precision));
            if (change)
                fields << "\"usd_24h_change\":" + (p.change24h ? jsonNumber(applyPrecision(*p.change24h, precision))
                                                             : QByteArray("null"));
        }
        if (updated)
            fields << "\"last_updated_at\":" + QByteArray::number(p.lastUpdatedAt.toSecsSinceEpoch());
        body += fields.join(',') + '}';
    }
    body += '}';
    return Answer{200, body, {}};
}

PriceSeries FakeCoinGecko::series(const QString &coin, double basePrice, const QDateTime &from,
                                  const QDateTime &to, const QDateTime &now)
{
    const qint64 f = from.toSecsSinceEpoch();
    const qint64 t = to.toSecsSinceEpoch();
    PriceSeries out;
    if (t < f)
        return out;
    qint64 step;
    if (t - f <= kDay && now.toSecsSinceEpoch() - t <= kDay)
        step = 300;
    else if (t - f <= 90 * kDay)
        step = 3600;
    else
        step = kDay; // aligned to 00:00 UTC below
    const double phase = double(qHash(coin) % 1000) / 1000.0 * 6.283;
    for (qint64 s = ((f + step - 1) / step) * step; s <= t; s += step) {
        // A slow wave and a faster ripple: deterministic, positive, and visibly changing on charts.
        const double x = double(s) / 86400.0;
        const double factor = 1.0 + 0.05 * std::sin(x / 7.0 + phase) + 0.01 * std::sin(x * 24.0 + phase);
        out.append({QDateTime::fromSecsSinceEpoch(s, Qt::UTC), basePrice * factor});
    }
    return out;
}

FakeCoinGecko::Answer FakeCoinGecko::marketChartRange(const QString &coin, const HttpRequest &request) const
{
    if (!m_prices.contains(coin))
        return Answer{404, R"({"error":"coin not found"})", {}};
    // CoinGecko takes UNIX seconds or ISO dates (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC).
    const auto readTime = [&](const QString &name, bool *ok) -> qint64 {
        const QString text = request.queryItem(name);
        const double seconds = text.toDouble(ok);
        if (*ok)
            return qint64(seconds);
        QDateTime t = QDateTime::fromString(text, Qt::ISODate);
        if (!t.isValid())
            t = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0), Qt::UTC);
        t.setTimeSpec(Qt::UTC);
        *ok = t.isValid();
        return t.toSecsSinceEpoch();
    };
    bool okFrom = false;
    bool okTo = false;
    const qint64 from = readTime(QStringLiteral("from"), &okFrom);
    const qint64 to = readTime(QStringLiteral("to"), &okTo);
    if (request.queryItem(QStringLiteral("vs_currency")).isEmpty())
        return Answer{400, R"({"error":"Missing parameter vs_currency"})", {}};
    if (!okFrom || !okTo)
        return Answer{400, R"({"error":"Invalid parameter from or to"})", {}};

    const double base = m_prices.value(coin).usd;
    const PriceSeries points = series(coin, base, QDateTime::fromSecsSinceEpoch(from, Qt::UTC),
                                      QDateTime::fromSecsSinceEpoch(to, Qt::UTC), QDateTime::currentDateTimeUtc());
    QJsonArray prices, caps, volumes;
    for (const PricePoint &p : points) {
        const double ms = double(p.time.toMSecsSinceEpoch());
        prices.append(QJsonArray{ms, p.price});
        caps.append(QJsonArray{ms, p.price * 19.5e6});
        volumes.append(QJsonArray{ms, p.price * 3.1e5});
    }
    const QJsonObject o{{QStringLiteral("prices"), prices},
                        {QStringLiteral("market_caps"), caps},
                        {QStringLiteral("total_volumes"), volumes}};
    return Answer{200, QJsonDocument(o).toJson(QJsonDocument::Compact), {}};
}

FakeCoinGecko::Answer FakeCoinGecko::coinsList() const
{
    static const QHash<QString, std::pair<const char *, const char *>> known = {
        {QStringLiteral("bitcoin"), {"btc", "Bitcoin"}},
        {QStringLiteral("ethereum"), {"eth", "Ethereum"}},
        {QStringLiteral("dogecoin"), {"doge", "Dogecoin"}},
        {QStringLiteral("shiba-inu"), {"shib", "Shiba Inu"}},
    };
    QStringList ids = m_prices.keys();
    ids.sort();
    QJsonArray list;
    for (const QString &id : ids) {
        const auto k = known.value(id, {nullptr, nullptr});
        list.append(QJsonObject{{QStringLiteral("id"), id},
                                {QStringLiteral("symbol"), k.first ? QString::fromLatin1(k.first) : id},
                                {QStringLiteral("name"), k.second ? QString::fromLatin1(k.second) : id}});
    }
    return Answer{200, QJsonDocument(list).toJson(QJsonDocument::Compact), {}};
}

FakeCoinGecko::Answer FakeCoinGecko::answerAdmin(const HttpRequest &request)
{
    if (request.path == QLatin1String("/_admin/calls") && request.method == "GET")
        return Answer{200, callsJson(), {}};
    if (request.path == QLatin1String("/_admin/calls") && request.method == "DELETE") {
        clearCalls();
        return Answer{200, R"({"ok":true})", {}};
    }
    if (request.path == QLatin1String("/_admin/state") && request.method == "POST") {
        const QString error = applyState(request.body);
        if (!error.isEmpty())
            return Answer{400, QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact), {}};
        return Answer{200, R"({"ok":true})", {}};
    }
    return Answer{404, R"({"error":"unknown admin endpoint: use POST /_admin/state or GET /_admin/calls"})", {}};
}

QString FakeCoinGecko::applyState(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return QStringLiteral("the state must be a JSON object: %1").arg(parseError.errorString());
    const QJsonObject o = doc.object();

    if (o.contains(QLatin1String("flavour"))) {
        const QString f = o.value(QLatin1String("flavour")).toString();
        if (f == QLatin1String("public"))
            m_flavour = Flavour::Public;
        else if (f == QLatin1String("pro"))
            m_flavour = Flavour::Pro;
        else
            return QStringLiteral("flavour must be \"public\" or \"pro\", not \"%1\"").arg(f);
    }
    if (o.contains(QLatin1String("keyUsage")))
        m_keyUsage = o.value(QLatin1String("keyUsage")).toObject();
    if (o.contains(QLatin1String("apiKey")))
        m_apiKey = o.value(QLatin1String("apiKey")).toString().toUtf8();
    if (o.value(QLatin1String("replacePrices")).toBool())
        m_prices.clear();
    const QJsonObject prices = o.value(QLatin1String("prices")).toObject();
    for (auto it = prices.begin(); it != prices.end(); ++it) {
        if (it->isNull()) {
            m_prices.remove(it.key());
            continue;
        }
        const QJsonObject p = it->toObject();
        if (!p.value(QLatin1String("usd")).isDouble())
            return QStringLiteral("prices.%1.usd must be a number").arg(it.key());
        const QJsonValue change = p.value(QLatin1String("usd_24h_change"));
        const QJsonValue updated = p.value(QLatin1String("last_updated_at"));
        setPrice(it.key(), p.value(QLatin1String("usd")).toDouble(),
                 change.isDouble() ? std::optional<double>(change.toDouble()) : std::nullopt,
                 updated.isDouble() ? QDateTime::fromSecsSinceEpoch(updated.toInteger(), Qt::UTC) : QDateTime());
    }
    if (o.contains(QLatin1String("missing"))) {
        m_missing.clear();
        for (const QJsonValue &v : o.value(QLatin1String("missing")).toArray())
            m_missing.append(v.toString());
    }
    if (o.contains(QLatin1String("rateLimitPerMinute")))
        m_rateLimitPerMinute = o.value(QLatin1String("rateLimitPerMinute")).toInt();
    if (o.contains(QLatin1String("retryAfter"))) {
        const QJsonValue v = o.value(QLatin1String("retryAfter"));
        m_retryAfterHeader.clear();
        if (v.isNull())
            m_retryAfterSeconds.reset();
        else if (v.isString())
            m_retryAfterHeader = v.toString().toLatin1();
        else
            m_retryAfterSeconds = v.toInt();
    }
    if (o.contains(QLatin1String("failNext"))) {
        const QJsonObject f = o.value(QLatin1String("failNext")).toObject();
        const QJsonValue retry = f.value(QLatin1String("retryAfter"));
        m_failures.clear();
        failNext(f.value(QLatin1String("count")).toInt(1), f.value(QLatin1String("status")).toInt(500),
                 retry.isDouble() ? std::optional<int>(retry.toInt()) : std::nullopt);
    }
    if (o.contains(QLatin1String("malformedNext")))
        m_malformedNext = o.value(QLatin1String("malformedNext")).toInt();
    if (o.contains(QLatin1String("latencyMs")))
        m_latencyMs = o.value(QLatin1String("latencyMs")).toInt();
    if (o.value(QLatin1String("clearCalls")).toBool())
        m_calls.clear();
    if (o.contains(QLatin1String("redirectTo")))
        m_redirect = QUrl(o.value(QLatin1String("redirectTo")).toString());
    if (o.contains(QLatin1String("providers"))) {
        const QString error = m_providers.applyState(o.value(QLatin1String("providers")).toObject());
        if (!error.isEmpty())
            return error;
    }
    return {};
}

QByteArray FakeCoinGecko::callsJson() const
{
    QJsonArray list;
    for (const FakeCoinGeckoCall &c : m_calls) {
        QJsonObject headers;
        for (const auto &[name, value] : c.headers)
            headers.insert(QString::fromLatin1(name).toLower(), QString::fromLatin1(value));
        list.append(QJsonObject{{QStringLiteral("at"), c.at.toString(Qt::ISODateWithMs)},
                                {QStringLiteral("method"), QString::fromLatin1(c.method)},
                                {QStringLiteral("path"), c.path},
                                {QStringLiteral("query"), c.query.toString(QUrl::FullyDecoded)},
                                {QStringLiteral("headers"), headers},
                                {QStringLiteral("status"), c.status}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("count"), int(list.size())},
                                     {QStringLiteral("calls"), list}}).toJson(QJsonDocument::Compact);
}

} // namespace cvc
