# The quality dashboard and the report exporter (included from tests/gui/CMakeLists.txt).
cx_add_test(NAME tst_dashboard SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_dashboard.cpp LIBS cxgui TIMEOUT 120)
target_include_directories(tst_dashboard PRIVATE ${PROJECT_SOURCE_DIR}/tests/metrics) # MetricsFixture.h
