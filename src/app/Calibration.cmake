# Grading calibration (included from src/app/CMakeLists.txt): the dialog opened from Reports › Calibration….
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/CalibrationDialog.h ${CMAKE_CURRENT_LIST_DIR}/CalibrationDialog.cpp
)
# The dashboard's grading-consistency section (drift alert, as graded / leniency-adjusted).
target_sources(cxgui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/CalibrationPanel.h ${CMAKE_CURRENT_LIST_DIR}/CalibrationPanel.cpp
)
