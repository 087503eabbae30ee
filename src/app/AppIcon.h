#pragma once

#include <QIcon>

namespace cx::gui {

// CX Pilot's icon (resources/icons/cxpilot.svg, rendered at build time in every size the hicolor theme gets):
// the windows' and the tray's icon.
QIcon appIcon();

} // namespace cx::gui
