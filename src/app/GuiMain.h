#pragma once

namespace cx::gui {

int runGui(int argc, char* argv[]);

} // namespace cx::gui
