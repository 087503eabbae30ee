# Settings, welcome and keyboard-shortcuts dialogs. Included from src/app/CMakeLists.txt.
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/SettingsDialog.h ${CMAKE_CURRENT_LIST_DIR}/SettingsDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/WelcomeDialog.h ${CMAKE_CURRENT_LIST_DIR}/WelcomeDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ShortcutsDialog.h ${CMAKE_CURRENT_LIST_DIR}/ShortcutsDialog.cpp
)
