# The UI's catalogues, the translated main window and its accessibility (included from tests/gui/CMakeLists.txt).
file(GLOB cx_translatable_dirs LIST_DIRECTORIES true ${PROJECT_SOURCE_DIR}/src/app ${PROJECT_SOURCE_DIR}/src/core
     ${PROJECT_SOURCE_DIR}/src/sandbox ${PROJECT_SOURCE_DIR}/ui)
string(REPLACE ";" "|" cx_translatable_dirs "${cx_translatable_dirs}") # a definition cannot hold a list
cx_add_test(NAME tst_translations SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_translations.cpp LIBS cxgui TIMEOUT 180)
target_compile_definitions(tst_translations PRIVATE
    CXPILOT_TS_DIR="${PROJECT_SOURCE_DIR}/translations"
    CXPILOT_QM_DIR="${PROJECT_BINARY_DIR}/translations"
    CXPILOT_LUPDATE="$<TARGET_FILE:Qt6::lupdate>"
    CXPILOT_TRANSLATABLE_DIRS="${cx_translatable_dirs}")

# Once per language: tst_translatedwindow (German) and tst_translatedwindow_es (Spanish). Offscreen, like
# tst_reviewworkspace: the keyboard shortcut that opens the next draft needs an active window.
cx_add_test(NAME tst_translatedwindow SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_translatedwindow.cpp LIBS cxgui
            TIMEOUT 240)
target_compile_definitions(tst_translatedwindow PRIVATE
    CXPILOT_TS_DIR="${PROJECT_SOURCE_DIR}/translations"
    CXPILOT_TEST_SCREENSHOT_DIR="${PROJECT_BINARY_DIR}/screenshots")
get_test_property(tst_translatedwindow ENVIRONMENT cx_window_env)
get_test_property(tst_translatedwindow TIMEOUT cx_window_timeout)
get_test_property(tst_translatedwindow LABELS cx_window_labels)
set_tests_properties(tst_translatedwindow PROPERTIES ENVIRONMENT "${cx_window_env};CXPILOT_TEST_LANGUAGE=de")
add_test(NAME tst_translatedwindow_es COMMAND tst_translatedwindow)
set_tests_properties(tst_translatedwindow_es PROPERTIES ENVIRONMENT "${cx_window_env};CXPILOT_TEST_LANGUAGE=es"
                     TIMEOUT ${cx_window_timeout} LABELS "${cx_window_labels}")

# Accessibility of the demo window (names, keyboard reach, WCAG AA colours). Offscreen, like the translated
# window: the shortcut that opens the first draft needs an active window.
cx_add_test(NAME tst_accessibility SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_accessibility.cpp LIBS cxgui TIMEOUT 240)
