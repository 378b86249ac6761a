; sacoche's Windows installer, built from Linux by src/windows/build.sh (makensis).
;
; Per user, no administrator rights: sacoche.exe in %LOCALAPPDATA%\Programs\sacoche,
; its folder added to the user's PATH (by `sacoche user-path`, which has no length
; limit where NSIS strings stop at 1024 characters), a Start-menu entry "sacoche", and
; .sacoche files opened by a double-click (`sacoche show --wait`, in a window that stays
; open and ends with the command that integrates the archive).
;
; The uninstaller removes exactly that, and never the user's dossiers, keys, trust,
; received archives or trash (%APPDATA%\sacoche, %LOCALAPPDATA%\sacoche): they are
; not the program's, and a reinstall finds them again.

Unicode true
; A 64-bit installer for a 64-bit program (and the one Wine runs in CI without 32-bit
; support installed).
Target amd64-unicode
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinMessages.nsh"
!include "WinVer.nsh"

!macro Required NAME
  !ifndef ${NAME}
    !error "${NAME} missing; usage: makensis -DVERSION=x.y.z -DEXE=sacoche.exe -DREADME=LISEZ-MOI.txt -DOUT=setup.exe installer.nsi"
  !endif
!macroend
!insertmacro Required VERSION
!insertmacro Required EXE
!insertmacro Required README
!insertmacro Required OUT

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\sacoche"
!define PROGID "sacoche.archive"
!define SHCNE_ASSOCCHANGED 0x08000000

Name "sacoche"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\sacoche"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
SetCompressor /SOLID lzma
ManifestDPIAware true
BrandingText "sacoche ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "sacoche"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de sacoche"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "LegalCopyright" "sacoche"

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "Cet assistant installe sacoche ${VERSION}, qui transporte votre dossier comptable entre la ferme et le cabinet, sur une clé USB ou en pièce jointe d'un courriel.$\r$\n$\r$\nAucun droit d'administrateur n'est nécessaire. Vos dossiers et vos clés ne sont pas touchés."
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\LISEZ-MOI.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Lire le mode d'emploi (LISEZ-MOI)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Function .onInit
  ; sacoche.exe needs Windows 10 or later (Rust's standard library); 64 bits goes
  ; without saying for a 64-bit installer.
  ${IfNot} ${AtLeastBuild} 10240
    MessageBox MB_ICONSTOP "sacoche demande Windows 10 ou plus récent, en 64 bits." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "sacoche"
  SetOutPath "$INSTDIR"
  File "/oname=sacoche.exe" "${EXE}"
  File "/oname=LISEZ-MOI.txt" "${README}"
  WriteUninstaller "$INSTDIR\desinstaller.exe"

  ; The Start-menu entry: sacoche with no arguments opens its page, until Enter.
  CreateShortCut "$SMPROGRAMS\sacoche.lnk" "$INSTDIR\sacoche.exe" "" \
    "$INSTDIR\sacoche.exe" 0 SW_SHOWNORMAL "" \
    "Transporter le dossier comptable entre la ferme et le cabinet"

  ; A double-click on a .sacoche archive shows it and says how to integrate it.
  WriteRegStr HKCU "Software\Classes\.sacoche" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Archive d'échange sacoche"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\sacoche.exe,0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" \
    '"$INSTDIR\sacoche.exe" show --wait "%1"'
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'

  ; The command line: sacoche's folder in the user's PATH.
  nsExec::ExecToLog '"$INSTDIR\sacoche.exe" user-path "$INSTDIR"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Le PATH n'a pas pu être complété ($0) : tapez le chemin complet, « $INSTDIR\sacoche.exe »."
  ${EndIf}
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000

  ; Settings > Apps: sacoche, with its uninstaller.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "sacoche"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "sacoche"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\sacoche.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\desinstaller.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\desinstaller.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  nsExec::ExecToLog '"$INSTDIR\sacoche.exe" user-path "$INSTDIR" --remove'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Le PATH n'a pas pu être corrigé ($0) : retirez-en « $INSTDIR » à la main."
  ${EndIf}
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000

  Delete "$SMPROGRAMS\sacoche.lnk"

  ; The association, only where it is still ours (another program may have taken it).
  ReadRegStr $0 HKCU "Software\Classes\.sacoche" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\.sacoche" ""
    DeleteRegKey /ifempty HKCU "Software\Classes\.sacoche"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; The installed files by name, and the folder only if nothing else is left in it:
  ; never a recursive delete of a folder the user chose.
  Delete "$INSTDIR\sacoche.exe"
  Delete "$INSTDIR\LISEZ-MOI.txt"
  Delete "$INSTDIR\desinstaller.exe"
  RMDir "$INSTDIR"
SectionEnd
