# Reusable widgets and models of the desktop app. Included from src/app/CMakeLists.txt.
set(_w ${CMAKE_CURRENT_LIST_DIR})
target_sources(cxgui PRIVATE
    ${_w}/ConversationModel.h ${_w}/ConversationModel.cpp
    ${_w}/ConversationFilterModel.h ${_w}/ConversationFilterModel.cpp
    ${_w}/DraftView.h ${_w}/DraftView.cpp
    ${_w}/DraftModel.h ${_w}/DraftModel.cpp
    ${_w}/WordDiff.h ${_w}/WordDiff.cpp
    ${_w}/GradeSpinBox.h ${_w}/GradeSpinBox.cpp
    ${_w}/ElidedLabel.h
    ${_w}/UiColours.h ${_w}/UiColours.cpp
    ${_w}/DraftHeader.h ${_w}/DraftHeader.cpp
    ${_w}/DraftStatusPanel.h ${_w}/DraftStatusPanel.cpp
    ${_w}/RejectDialog.h ${_w}/RejectDialog.cpp
    ${_w}/SendConfirmation.h ${_w}/SendConfirmation.cpp
    ${_w}/ApprovalsDrawer.h ${_w}/ApprovalsDrawer.cpp ${_w}/ApprovalsDrawerAssist.cpp
    ${_w}/RewriteBar.h ${_w}/RewriteBar.cpp
    ${_w}/DraftSummaryLine.h ${_w}/DraftSummaryLine.cpp
)
unset(_w)
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ThreadMessageModel.h ${CMAKE_CURRENT_LIST_DIR}/ThreadMessageModel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/MessageDelegate.h ${CMAKE_CURRENT_LIST_DIR}/MessageDelegate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ConversationThreadView.h ${CMAKE_CURRENT_LIST_DIR}/ConversationThreadView.cpp
)
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/NotificationCenter.h ${CMAKE_CURRENT_LIST_DIR}/NotificationCenter.cpp
)
