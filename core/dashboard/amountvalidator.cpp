#include "dashboard/amountvalidator.h"

#include <QLocale>

#include <cmath>

namespace cvc::ui {

AmountValidator::AmountValidator(QObject *parent)
    : QValidator(parent)
{
}

double AmountValidator::parse(const QString &input, bool *ok)
{
    const double value = QLocale::c().toDouble(input.trimmed(), ok);
    if (*ok && !std::isfinite(value))
        *ok = false;
    return value;
}

QString AmountValidator::problem(const QString &input)
{
    if (input.trimmed().isEmpty())
        return tr("Enter the amount of coins held, like 0.5.");
    bool ok = false;
    const double value = parse(input, &ok);
    if (!ok)
        return tr("\"%1\" is not a number. Use digits and a dot, like 0.0023.").arg(input.trimmed());
    if (value < 0)
        return tr("The amount cannot be negative.");
    return {};
}

QValidator::State AmountValidator::validate(QString &input, int &) const
{
    return problem(input).isEmpty() ? Acceptable : Intermediate;
}

} // namespace cvc::ui
