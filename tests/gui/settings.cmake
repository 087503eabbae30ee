# Tests of the settings, welcome and shortcuts dialogs (included from tests/gui/CMakeLists.txt).
# tst_settingsdialog uses the real keychain when a D-Bus session is there (tests/run-all.sh), else skips
# that one case.
cx_add_test(NAME tst_settingsdialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_settingsdialog.cpp LIBS cxgui DBUS
            TIMEOUT 120)
cx_add_test(NAME tst_welcomedialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_welcomedialog.cpp LIBS cxgui TIMEOUT 60)
cx_add_test(NAME tst_knowledgebasedialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_knowledgebasedialog.cpp LIBS cxgui DISPLAY TIMEOUT 180)
cx_add_test(NAME tst_chatwootprobelines SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_chatwootprobelines.cpp LIBS cxgui TIMEOUT 60)
