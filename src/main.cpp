// cxpilot: the desktop app by default, a CLI subcommand when given one (no display needed for those).
#include "CliMain.h"
#include "GuiMain.h"

int main(int argc, char* argv[])
{
    if (cx::cli::isCliInvocation(argc, argv))
        return cx::cli::runCli(argc, argv);
    return cx::gui::runGui(argc, argv);
}
