# cx_add_test(NAME name SOURCES a.cpp ... [LIBS ...] [LABELS ...] [DISPLAY] [DBUS] [POSTGRES] [TIMEOUT s])
# One Qt Test executable per class. Unit tests run on the offscreen platform; DISPLAY tests use the
# virtual X display the test command starts. POSTGRES tests skip (QSKIP) when CXPILOT_TEST_PG_URL is unset
# on a developer machine, but tests/run-all.sh always sets it, so CI runs them.
function(cx_add_test)
    cmake_parse_arguments(T "DISPLAY;DBUS;POSTGRES" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE cx_common Qt6::Test cxtestsupport cxcore ${T_LIBS})
    set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set(env "LANG=C.UTF-8" "LC_ALL=C.UTF-8" "CXPILOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
            "CXPILOT_SHARED_DIR=${PROJECT_SOURCE_DIR}/../shared" "QT_LOGGING_RULES=cxpilot.*.debug=false")
    if(NOT T_DISPLAY)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    set(labels ${T_LABELS})
    if(T_POSTGRES)
        list(APPEND labels postgres)
    endif()
    if(T_DBUS)
        list(APPEND labels dbus)
    endif()
    if(T_DISPLAY)
        list(APPEND labels gui)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    if(CXPILOT_SANITIZE)
        math(EXPR T_TIMEOUT "${T_TIMEOUT} * 3") # ASan+UBSan at -O0 run several times slower
    endif()
    # Qt Test's own per-function watchdog (5 min by default) must not fire before ctest's timeout does:
    # the crash harness runs one long test function.
    math(EXPR function_ms "(${T_TIMEOUT} - 30) * 1000")
    list(APPEND env "QTEST_FUNCTION_TIMEOUT=${function_ms}")
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${env}" LABELS "${labels}" TIMEOUT ${T_TIMEOUT})
endfunction()
