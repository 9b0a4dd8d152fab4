@echo off
rem annals preview: double-click this file in a site folder (beside
rem site.yaml), or drop a site folder onto it. It runs `annals serve --open`:
rem the site opens in the browser and follows every saved edit. Close this
rem window (or press Ctrl+C) to stop.
rem Plain ASCII on purpose: cmd.exe reads a .cmd file in the console's code
rem page, which is not UTF-8. No ( ) blocks around paths: a folder such as
rem "Program Files (x86)" would end them early.
setlocal
set "SITE=%~dp0"
if not "%~1"=="" set "SITE=%~1"
cd /d "%SITE%"
if exist site.yaml goto run
echo Khong thay site.yaml trong thu muc nay:
echo %CD%
echo Hay chep preview.cmd vao thu muc trang web, canh site.yaml, hoac keo tha thu muc do vao preview.cmd.
echo.
echo There is no site.yaml in this folder. Copy preview.cmd into the site
echo folder, beside site.yaml, or drop the site folder onto preview.cmd.
pause
exit /b 1

:run
set "ANNALS=annals"
if exist "%~dp0annals.exe" set "ANNALS=%~dp0annals.exe"
"%ANNALS%" serve --open
if not errorlevel 1 exit /b 0
echo.
echo annals dung lai voi loi o tren. / annals stopped with the error above.
echo Neu Windows bao khong tim thay annals, xem INSTALL.md.
echo If Windows says it cannot find annals, see INSTALL.md.
pause
exit /b 1
