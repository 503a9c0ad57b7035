#pragma once

#include <QValidator>

namespace cvc::ui {

// Accepts what the CRD calls a number and a holding can be: a finite, non-negative decimal in
// the C locale ("0.0023", "1e6"), the way the value will be written into JSON. Anything else is
// Intermediate, so it can still be typed and the dialog explains what is wrong.
class AmountValidator : public QValidator
{
    Q_OBJECT
public:
    explicit AmountValidator(QObject *parent = nullptr);

    State validate(QString &input, int &pos) const override;
    // Empty when acceptable, else one sentence for the inline error label.
    static QString problem(const QString &input);
    static double parse(const QString &input, bool *ok);
};

} // namespace cvc::ui
