#include "operatorcommandline.h"

#include "util/durationtext.h"
#include "util/operatordefaults.h"
#include "prices/pricesourcesettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace cvc {

OperatorCommandLine OperatorCommandLine::parse(const QStringList &args, const QProcessEnvironment &env)
{
    OperatorCommandLine cl;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Keeps every CryptoValueCalculator valued from USD prices (CoinGecko, else DefiLlama or Coinbase): writes the `value` annotation "
        "and status. Leader-elected through a Lease so replicas and open dashboards never fight."));
    const QCommandLineOption helpOption = p.addHelpOption();
    ConnectionOptions::addToParser(p);
    const QCommandLineOption allNs({QStringLiteral("A"), QStringLiteral("all-namespaces")},
                                   QStringLiteral("Value CVCs in every namespace (the default unless --namespace is given)."));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Time between price calls, e.g. 60s or 5m (default: the plan's: public 60s, demo 300s, pro 60s)."),
                                      QStringLiteral("duration"));
    const QCommandLineOption cgUrl(QStringLiteral("coingecko-url"),
                                   QStringLiteral("CoinGecko API root instead of the plan's (also env CVC_COINGECKO_URL)."), QStringLiteral("url"));
    const QCommandLineOption cgPlan(QStringLiteral("coingecko-plan"), QStringLiteral("public, demo or pro (default public)."),
                                    QStringLiteral("plan"), QStringLiteral("public"));
    const QCommandLineOption keyFile(QStringLiteral("api-key-file"),
                                     QStringLiteral("File holding the CoinGecko API key (else env CVC_COINGECKO_API_KEY)."), QStringLiteral("file"));
    const QCommandLineOption credits(QStringLiteral("coingecko-credits"),
                                     QStringLiteral("Monthly CoinGecko call credits of your key when not the plan's (demo 10000, "
                                                    "pro 100000); the interval is stretched to stay within them, less 10% kept "
                                                    "for history."),
                                     QStringLiteral("n"));
    const QCommandLineOption sources(QStringLiteral("price-sources"),
                                     QStringLiteral("Price sources to ask, in order; each tick asks the next only for coins "
                                                    "still unpriced (default %1: CoinGecko, then the keyless ones).")
                                         .arg(PriceSourceSettings::defaultOrder().join(QLatin1Char(','))),
                                     QStringLiteral("ids"));
    const QCommandLineOption llamaUrl(QStringLiteral("defillama-url"),
                                      QStringLiteral("DefiLlama prices root (default https://coins.llama.fi; also env CVC_DEFILLAMA_URL)."),
                                      QStringLiteral("url"));
    const QCommandLineOption coinbaseUrl(QStringLiteral("coinbase-url"),
                                         QStringLiteral("Coinbase API root (default https://api.coinbase.com; also env CVC_COINBASE_URL)."),
                                         QStringLiteral("url"));
    const QCommandLineOption leaseNs(QStringLiteral("lease-namespace"),
                                     QStringLiteral("Namespace of the leader-election Lease (default: cvc-system when that namespace exists, "
                                                    "else the context's or the pod's namespace; dashboards follow the same rule, "
                                                    "so by default they share the operator's Lease)."),
                                     QStringLiteral("namespace"));
    const QCommandLineOption leaseName(QStringLiteral("lease-name"),
                                       QStringLiteral("Name of the Lease (default %1).").arg(OperatorDefaults::leaseName),
                                       QStringLiteral("name"), OperatorDefaults::leaseName);
    const QCommandLineOption leaseDuration(QStringLiteral("lease-duration"), QStringLiteral("Lease duration (default 15s)."),
                                           QStringLiteral("duration"), QStringLiteral("15s"));
    const QCommandLineOption renewDeadline(QStringLiteral("renew-deadline"), QStringLiteral("Renew deadline (default 10s)."),
                                           QStringLiteral("duration"), QStringLiteral("10s"));
    const QCommandLineOption retryPeriod(QStringLiteral("retry-period"), QStringLiteral("Retry period (default 2s)."),
                                         QStringLiteral("duration"), QStringLiteral("2s"));
    const QCommandLineOption identity(QStringLiteral("identity"),
                                      QStringLiteral("Leader election identity (default <host>_<uuid>)."), QStringLiteral("id"));
    const QCommandLineOption noElection(QStringLiteral("no-leader-election"),
                                        QStringLiteral("Write without a Lease (only when this is the only writer)."));
    const QCommandLineOption health(QStringLiteral("health-addr"),
                                    QStringLiteral("Serve /healthz, /readyz and /metrics on HOST:PORT (e.g. 127.0.0.1:8080; empty = off)."),
                                    QStringLiteral("addr"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption perCvc(QStringLiteral("metrics-per-cvc"),
                                    QStringLiteral("Add each CVC's value to /metrics (namespace, name and coin labels). Off by default: "
                                                   "it shows every holding to whoever can reach the metrics port."));
    const RateLimitSettings rateDefaults;
    const QCommandLineOption qps(QStringLiteral("qps"),
                                 QStringLiteral("Requests per second to the API server to start from and never go below (default %1).")
                                     .arg(rateDefaults.qps),
                                 QStringLiteral("q"), QString::number(rateDefaults.qps));
    const QCommandLineOption maxQps(QStringLiteral("max-qps"),
                                    QStringLiteral("Most requests per second: the rate rises towards it while requests wait and the "
                                                   "server answers quickly, and falls on 429, 503 and rising latency (default %1; "
                                                   "at or below --qps the rate is fixed).").arg(rateDefaults.maxQps),
                                    QStringLiteral("q"), QString::number(rateDefaults.maxQps));
    const QCommandLineOption spread(QStringLiteral("revaluation-spread"),
                                    QStringLiteral("Spread each routine revaluation of all CVCs over this long, so that many "
                                                   "CVCs are not rewritten in one burst; new CVCs and spec edits go first "
                                                   "(default: half the interval; 0 = as fast as the rate allows)."),
                                    QStringLiteral("duration"));
    const QCommandLineOption burst(QStringLiteral("burst"),
                                   QStringLiteral("Requests that may go at once after a quiet spell (default %1).").arg(rateDefaults.burst),
                                   QStringLiteral("b"), QString::number(rateDefaults.burst));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"), QStringLiteral("CVCs written at once (default 4)."),
                                         QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption logFormat(QStringLiteral("log-format"), QStringLiteral("text or json (default text)."),
                                       QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("debug, info, warning or error (default info, or debug with -v); debug logs every reconcile."),
                                      QStringLiteral("level"), QStringLiteral("info"));
    const QCommandLineOption verbose(QStringLiteral("v"), QStringLiteral("Verbose: --check tells more, and the log is at debug unless --log-level says otherwise."));
    const QCommandLineOption check(QStringLiteral("check"),
                                   QStringLiteral("Check the connection (server, context, namespace, auth kind, CRD) and exit."));
    const QCommandLineOption fieldManager(QStringLiteral("field-manager"),
                                          QStringLiteral("Field manager of the writes (default %1).").arg(OperatorDefaults::operatorName),
                                          QStringLiteral("name"), OperatorDefaults::operatorName);
    p.addOptions({allNs, interval, cgUrl, cgPlan, keyFile, credits, sources, llamaUrl, coinbaseUrl, leaseNs, leaseName, leaseDuration, renewDeadline, retryPeriod,
                  identity, noElection, health, perCvc, qps, maxQps, burst, spread, concurrency, logFormat, logLevel, verbose, check, fieldManager});

    if (!p.parse(args)) {
        cl.error = p.errorText();
        return cl;
    }
    cl.helpText = p.helpText();
    if (p.isSet(helpOption)) {
        cl.helpShown = true;
        return cl;
    }
    if (!p.positionalArguments().isEmpty()) {
        cl.error = QStringLiteral("unexpected argument \"%1\"; see --help").arg(p.positionalArguments().constFirst());
        return cl;
    }
    cl.connection = ConnectionOptions::fromParser(p);
    cl.connection.environment = env;
    cl.check = p.isSet(check);
    cl.verbose = p.isSet(verbose);
    if (p.isSet(allNs) && !cl.connection.namespaceName.isEmpty()) {
        cl.error = QStringLiteral("--namespace and --all-namespaces exclude each other");
        return cl;
    }
    cl.allNamespaces = cl.connection.namespaceName.isEmpty();
    cl.options.namespaceName = cl.connection.namespaceName;

    const QString fmt = p.value(logFormat).toLower();
    if (fmt == QLatin1String("text"))
        cl.logFormat = OperatorLog::Format::Text;
    else if (fmt == QLatin1String("json"))
        cl.logFormat = OperatorLog::Format::Json;
    else {
        cl.error = QStringLiteral("--log-format must be text or json, not \"%1\"").arg(p.value(logFormat));
        return cl;
    }
    const auto level = OperatorLog::levelFromString(p.value(logLevel));
    if (!level) {
        cl.error = QStringLiteral("--log-level must be debug, info, warning or error, not \"%1\"").arg(p.value(logLevel));
        return cl;
    }
    // An explicit --log-level wins over -v.
    cl.logLevel = p.isSet(logLevel) ? *level : cl.verbose ? OperatorLog::Level::Debug : OperatorLog::Level::Info;

    QString planError;
    const auto plan = CoinGeckoPlan::fromString(p.value(cgPlan), &planError);
    if (!plan) {
        cl.error = QStringLiteral("--coingecko-plan: %1").arg(planError);
        return cl;
    }
    cl.options.coingecko.plan = *plan;
    cl.options.coingecko.rootOverride = p.value(cgUrl);
    if (p.isSet(keyFile)) {
        QFile f(p.value(keyFile));
        if (!f.open(QIODevice::ReadOnly)) {
            cl.error = QStringLiteral("--api-key-file %1: cannot read it (%2)").arg(p.value(keyFile), f.errorString());
            return cl;
        }
        cl.options.coingecko.apiKey = f.readAll().trimmed();
        if (cl.options.coingecko.apiKey.isEmpty()) {
            cl.error = QStringLiteral("--api-key-file %1 is empty").arg(p.value(keyFile));
            return cl;
        }
        cl.apiKeySource = QStringLiteral("--api-key-file ") + p.value(keyFile);
    } else if (!env.value(QStringLiteral("CVC_COINGECKO_API_KEY")).trimmed().isEmpty()) {
        cl.options.coingecko.apiKey = env.value(QStringLiteral("CVC_COINGECKO_API_KEY")).trimmed().toUtf8();
        cl.apiKeySource = QStringLiteral("CVC_COINGECKO_API_KEY");
    }
    if (plan->requiresKey() && cl.options.coingecko.apiKey.isEmpty()) {
        cl.error = QStringLiteral("--coingecko-plan %1 needs an API key: pass --api-key-file FILE or set CVC_COINGECKO_API_KEY")
                       .arg(plan->name());
        return cl;
    }

    if (p.isSet(credits)) {
        bool ok = false;
        const qint64 n = p.value(credits).toLongLong(&ok);
        if (!ok || n < 1) {
            cl.error = QStringLiteral("--coingecko-credits \"%1\" is not a whole number of calls of at least 1 (e.g. 500000)")
                           .arg(p.value(credits));
            return cl;
        }
        cl.options.coingecko.monthlyCredits = n;
    }

    if (p.isSet(sources)) {
        QString sourcesError;
        const auto order = PriceSourceSettings::parseOrder(p.value(sources), &sourcesError);
        if (!order) {
            cl.error = QStringLiteral("--price-sources: %1").arg(sourcesError);
            return cl;
        }
        cl.options.priceSources.order = *order;
    }
    const std::pair<const QCommandLineOption *, QString> roots[] = {{&llamaUrl, QStringLiteral("defillama")},
                                                                    {&coinbaseUrl, QStringLiteral("coinbase")}};
    for (const auto &[option, id] : roots) {
        if (!p.isSet(*option))
            continue;
        const QUrl url(p.value(*option));
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()) {
            cl.error = QStringLiteral("--%1 \"%2\" is not an http(s) URL").arg(option->names().constFirst(),
                                                                              url.toString(QUrl::RemoveUserInfo));
            return cl;
        }
        cl.options.priceSources.roots.insert(id, p.value(*option));
    }

    if (p.isSet(interval)) {
        const auto d = DurationText::parse(p.value(interval));
        if (!d || d->count() < 1000) {
            cl.error = QStringLiteral("--interval \"%1\" is not a duration of at least 1s (e.g. 60s, 5m)").arg(p.value(interval));
            return cl;
        }
        cl.options.interval = *d;
    }

    if (p.isSet(spread)) {
        const QString text = p.value(spread).trimmed();
        const auto d = text == QLatin1String("0") ? std::optional(std::chrono::milliseconds(0)) : DurationText::parse(text);
        if (!d || d->count() < 0) {
            cl.error = QStringLiteral("--revaluation-spread \"%1\" is not a duration (e.g. 30s, 0)").arg(p.value(spread));
            return cl;
        }
        cl.options.revaluationSpread = *d;
    }

    struct Timing { const QCommandLineOption *opt; int *target; };
    const Timing timings[] = {{&leaseDuration, &cl.options.lease.leaseDurationMs},
                              {&renewDeadline, &cl.options.lease.renewDeadlineMs},
                              {&retryPeriod, &cl.options.lease.retryPeriodMs}};
    for (const Timing &t : timings) {
        const auto d = DurationText::parse(p.value(*t.opt));
        if (!d || d->count() <= 0) {
            cl.error = QStringLiteral("--%1 \"%2\" is not a positive duration (e.g. 15s)").arg(t.opt->names().constFirst(), p.value(*t.opt));
            return cl;
        }
        *t.target = int(d->count());
    }
    cl.options.leaderElection = !p.isSet(noElection);
    cl.options.metricsPerCvc = p.isSet(perCvc);
    if (cl.options.leaderElection) {
        const QString e = cl.options.lease.validate();
        if (!e.isEmpty()) {
            cl.error = QStringLiteral("leader election: %1").arg(e);
            return cl;
        }
    }
    cl.leaseNamespace = p.value(leaseNs);
    cl.options.lease.namespaceName = cl.leaseNamespace;
    cl.options.lease.name = p.value(leaseName);
    cl.options.lease.identity = p.value(identity);
    cl.options.healthAddress = p.value(health);
    cl.options.fieldManager = p.value(fieldManager);

    bool ok = false;
    cl.rate.qps = p.value(qps).toDouble(&ok);
    if (!ok || cl.rate.qps < 0) {
        cl.error = QStringLiteral("--qps \"%1\" is not a number of requests per second").arg(p.value(qps));
        return cl;
    }
    cl.rate.maxQps = p.value(maxQps).toDouble(&ok);
    if (!ok || cl.rate.maxQps < 0) {
        cl.error = QStringLiteral("--max-qps \"%1\" is not a number of requests per second").arg(p.value(maxQps));
        return cl;
    }
    cl.rate.burst = p.value(burst).toInt(&ok);
    if (!ok || cl.rate.burst < 1) {
        cl.error = QStringLiteral("--burst \"%1\" is not a whole number of at least 1").arg(p.value(burst));
        return cl;
    }
    cl.options.concurrency = p.value(concurrency).toInt(&ok);
    if (!ok || cl.options.concurrency < 1) {
        cl.error = QStringLiteral("--concurrency \"%1\" is not a whole number of at least 1").arg(p.value(concurrency));
        return cl;
    }
    return cl;
}

} // namespace cvc
