#pragma once

class QWidget;

namespace cvc::ui {

// Grows a dialog's height so word-wrapped messages that just appeared are not cut off.
void growToFitHeight(QWidget *dialog);

} // namespace cvc::ui
