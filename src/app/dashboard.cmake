# The quality dashboard and the Reports menu's exporter (included from src/app/CMakeLists.txt).
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/DashboardWidget.h ${CMAKE_CURRENT_LIST_DIR}/DashboardWidget.cpp
    ${CMAKE_CURRENT_LIST_DIR}/DashboardCharts.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ChartAxes.h ${CMAKE_CURRENT_LIST_DIR}/ChartAxes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/MetricTile.h ${CMAKE_CURRENT_LIST_DIR}/MetricTile.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ReportExporter.h ${CMAKE_CURRENT_LIST_DIR}/ReportExporter.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ExperimentsPanel.h ${CMAKE_CURRENT_LIST_DIR}/ExperimentsPanel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ReliabilityPanel.h ${CMAKE_CURRENT_LIST_DIR}/ReliabilityPanel.cpp
)
