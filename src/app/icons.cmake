# The app icon: resources/icons/cxpilot.svg, rendered to PNGs at build time with rsvg-convert (librsvg2-bin). The
# PNGs go into the hicolor theme (installed, with the SVG) and into the binary as the window's and the tray's icon
# (so no SVG image plugin is needed at run time). Included from src/app/CMakeLists.txt: the custom commands must
# live in the directory of the target whose resources use them.
find_program(CXPILOT_RSVG_CONVERT rsvg-convert REQUIRED)
set(cx_icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/cxpilot.svg)
set(cx_icon_dir ${CMAKE_CURRENT_BINARY_DIR}/icons)
set(cx_icon_pngs)
foreach(size 16 22 24 32 48 64 128 256)
    set(png ${cx_icon_dir}/cxpilot-${size}.png)
    add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${cx_icon_dir}
        COMMAND ${CXPILOT_RSVG_CONVERT} --width ${size} --height ${size} --output ${png} ${cx_icon_svg}
        DEPENDS ${cx_icon_svg}
        COMMENT "Rendering the ${size} px app icon"
        VERBATIM)
    list(APPEND cx_icon_pngs ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
        RENAME cxpilot.png COMPONENT app)
endforeach()
install(FILES ${cx_icon_svg} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT app)
qt_add_resources(cxgui "cx_app_icon" PREFIX "/icons" BASE ${cx_icon_dir} FILES ${cx_icon_pngs})
target_sources(cxgui PRIVATE ${CMAKE_CURRENT_LIST_DIR}/AppIcon.h ${CMAKE_CURRENT_LIST_DIR}/AppIcon.cpp)
