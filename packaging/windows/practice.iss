; Inno Setup script (sketch, untested here): installs the one-folder build per user.
; Build dist\practice first (python packaging\build.py), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\practice.iss
; The installer lands in dist\installer\.

#define AppName "Practice"
#define AppVersion "0.1.0"

[Setup]
AppId={{5B0E6E52-2F6B-4E55-9C1C-0D6B1B7A9E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Practice
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
; Per-user install: no administrator rights, and nothing outside the user's profile.
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=Practice-{#AppVersion}-setup
SetupIconFile=practice.ico
UninstallDisplayIcon={app}\practicew.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Sign the installer and uninstaller (configure the "signtool" tool in the IDE or with /S):
; SignTool=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 $f

[Files]
Source: "..\..\dist\practice\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\practicew.exe"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\practicew.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

; The store lives in the user's data folder, not in {app}: uninstalling never deletes records.
