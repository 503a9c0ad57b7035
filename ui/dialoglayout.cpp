#include "dialoglayout.h"

#include <QLabel>
#include <QLayout>
#include <QWidget>

namespace cvc::ui {

void growToFitHeight(QWidget *dialog)
{
    QLayout *layout = dialog->layout();
    if (!layout)
        return;
    layout->activate();
    // Form layouts do not pass height-for-width up from wrapped labels; pin each visible wrapped
    // label to the height its text needs at its current width, then let the dialog grow.
    for (QLabel *label : dialog->findChildren<QLabel *>()) {
        if (!label->wordWrap() || !label->isVisibleTo(dialog) || label->width() <= 0)
            continue;
        const int height = label->heightForWidth(label->width());
        if (height > 0)
            label->setMinimumHeight(height);
    }
    layout->activate();
    const int wanted = std::max(layout->minimumSize().height(), dialog->minimumSizeHint().height());
    if (wanted > dialog->height())
        dialog->resize(dialog->width(), wanted);
}

} // namespace cvc::ui
