# The main window, split by job (included from src/app/CMakeLists.txt): menus and leaving, navigation through
# the queue, and the queue's table.
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/MainWindowActions.cpp
    ${CMAKE_CURRENT_LIST_DIR}/MainWindowNavigation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/MainWindowNotifications.cpp
    ${CMAKE_CURRENT_LIST_DIR}/MainWindowConnection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ConversationQueueView.h ${CMAKE_CURRENT_LIST_DIR}/ConversationQueueView.cpp
)
