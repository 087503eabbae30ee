# The approval flow's guarantees in the reviewer's window (included from tests/gui/CMakeLists.txt): real
# windows on the virtual display, PostgreSQL and the GNOME keyring of tests/run-all.sh.
cx_add_test(NAME tst_appguarantees SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_appguarantees.cpp LIBS cxgui
            DISPLAY DBUS POSTGRES TIMEOUT 400)
