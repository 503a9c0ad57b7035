#pragma once

#include <QString>

namespace cvc {

class PrometheusText;
class WorkQueue;

// controller-runtime's and client-go's workqueue metrics under their standard names
// (kubebuilder's "Default Exported Metrics"), so dashboards and alerts written for any
// controller-runtime operator read this one: controller_runtime_* labelled controller, workqueue_*
// labelled name (the same name, as controller-runtime does).
class ControllerMetrics
{
public:
    static void write(PrometheusText &out, const QString &controller, const WorkQueue &queue);
};

} // namespace cvc
