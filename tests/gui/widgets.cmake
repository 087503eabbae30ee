# Tests of the reusable widgets and models (included from tests/gui/CMakeLists.txt).
cx_add_test(NAME tst_conversationmodel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_conversationmodel.cpp LIBS cxgui)
cx_add_test(NAME tst_conversationfiltermodel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_conversationfiltermodel.cpp
            LIBS cxgui)
cx_add_test(NAME tst_draftmodel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_draftmodel.cpp LIBS cxgui POSTGRES)
cx_add_test(NAME tst_worddiff SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_worddiff.cpp LIBS cxgui)
cx_add_test(NAME tst_approvalsdrawer SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_approvalsdrawer.cpp LIBS cxgui)
cx_add_test(NAME tst_rejectdialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_rejectdialog.cpp LIBS cxgui)
cx_add_test(NAME tst_conversationthreadview SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_conversationthreadview.cpp LIBS cxgui)
cx_add_test(NAME tst_notificationcenter SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_notificationcenter.cpp LIBS cxgui DBUS)
# A real window (Xvfb) against the simulated model server.
cx_add_test(NAME tst_drawerrewrite SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_drawerrewrite.cpp LIBS cxgui cxsandbox DISPLAY)
