# Settings, welcome and keyboard-shortcuts dialogs. Included from src/app/CMakeLists.txt.
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/SettingsDialog.h ${CMAKE_CURRENT_LIST_DIR}/SettingsDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/SettingsDialogParts.h ${CMAKE_CURRENT_LIST_DIR}/SettingsFormRows.cpp
    ${CMAKE_CURRENT_LIST_DIR}/SettingsPages.cpp ${CMAKE_CURRENT_LIST_DIR}/SettingsConnectionTest.cpp
    ${CMAKE_CURRENT_LIST_DIR}/WelcomeDialog.h ${CMAKE_CURRENT_LIST_DIR}/WelcomeDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ShortcutsDialog.h ${CMAKE_CURRENT_LIST_DIR}/ShortcutsDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/KnowledgeBaseDialog.h ${CMAKE_CURRENT_LIST_DIR}/KnowledgeBaseDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ChatwootProbeLines.h ${CMAKE_CURRENT_LIST_DIR}/ChatwootProbeLines.cpp
)
