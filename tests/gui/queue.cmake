# The reviewer's queue and window (included from tests/gui/CMakeLists.txt): urgency order of the next draft,
# narrow-window columns, the shortcuts list, export folders, Quit with a tray. Real windows on the virtual
# display; SQLite and a simulated Chatwoot.
cx_add_test(NAME tst_queuewindow SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_queuewindow.cpp LIBS cxgui DISPLAY DBUS
            TIMEOUT 300)
