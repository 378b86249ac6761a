//! Careful file writes: temp file in the same folder, sync, then rename, so that a
//! power cut or a pulled stick leaves the old file or the new one, never half of one.

use crate::error::IoAction;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use crate::error::IoError;

/// Replaces `path` with `bytes` atomically (temp file in the same folder, sync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let dir = parent_of(path);
    fs::create_dir_all(dir).map_err(|e| IoError::new(IoAction::Create, dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".sacoche-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| IoError::new(IoAction::CreateTempIn, dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| IoError::new(IoAction::Write, tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| IoError::new(IoAction::Replace, path, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Replaces `path` atomically but without waiting for the disk: for caches, whose loss
/// in a power cut only costs time (a torn or stale file is detected and rebuilt).
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let dir = parent_of(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".sacoche-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| IoError::new(IoAction::CreateTempIn, dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| IoError::new(IoAction::Write, tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| IoError::new(IoAction::Replace, path, e.error))?;
    Ok(())
}

/// The folder holding `path` (`.` for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes a rename or creation in `dir` durable. Best effort: not every platform or
/// file system can sync a folder. On Windows a folder can be opened only with
/// `FILE_FLAG_BACKUP_SEMANTICS`, and flushed only through a handle with write access;
/// where that is refused (not every volume allows it) the file's own flush, which on
/// FAT also writes its directory entry, is what remains.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
        if let Ok(d) = fs::OpenOptions::new()
            .write(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(dir)
        {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(any(unix, windows)))]
    let _ = dir;
}

/// Creates `path` with everything `reader` yields. Not synced: see [`sync_files`].
pub fn write_file(path: &Path, reader: &mut dyn Read) -> Result<(), IoError> {
    let file = File::create(path).map_err(|e| IoError::new(IoAction::Create, path, e))?;
    let mut out = BufWriter::with_capacity(1 << 18, file);
    io::copy(reader, &mut out)
        .and_then(|_| out.flush())
        .map_err(|e| IoError::new(IoAction::Write, path, e))
}

/// Makes the files just written in `dir` durable, all at once: on Linux one `syncfs` of
/// the file system holding `dir` (one flush instead of one per file); elsewhere each
/// file is synced in turn.
pub fn sync_files(dir: &Path, files: &[std::path::PathBuf]) -> Result<(), IoError> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let handle = File::open(dir).map_err(|e| IoError::new(IoAction::Open, dir, e))?;
        rustix::fs::syncfs(&handle).map_err(|e| IoError::new(IoAction::Sync, dir, e.into()))?;
    }
    #[cfg(not(target_os = "linux"))]
    for f in files {
        sync_file(f).map_err(|e| IoError::new(IoAction::Sync, f, e))?;
    }
    sync_dir(dir);
    Ok(())
}

/// Makes a file just written durable. Windows flushes only a handle opened for
/// writing (a read-only one is "Access denied"), so the file is opened for writing,
/// without truncating it; where that is refused (a read-only file on Unix), syncing a
/// read-only handle is allowed and done instead.
pub fn sync_file(path: &Path) -> io::Result<()> {
    let handle = match fs::OpenOptions::new().write(true).open(path) {
        Ok(h) => h,
        Err(e) if cfg!(unix) && e.kind() == io::ErrorKind::PermissionDenied => File::open(path)?,
        Err(e) => return Err(e),
    };
    handle.sync_all()
}

/// Whether another program holds `path` open in a way that stops sacoche from moving
/// it to the trash or replacing it (Excel keeps the workbook it shows open like that, on
/// Windows): checked before an integration changes anything. Elsewhere files can always
/// be moved.
pub fn held_open(path: &Path) -> bool {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        /// Access to delete or rename (`DELETE`).
        const DELETE: u32 = 0x0001_0000;
        /// Others may read, write and delete meanwhile: only their refusal counts.
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4;
        /// `ERROR_SHARING_VIOLATION`, `ERROR_LOCK_VIOLATION`.
        const HELD: [i32; 2] = [32, 33];
        match fs::OpenOptions::new()
            .access_mode(DELETE)
            .share_mode(SHARE_ALL)
            .open(path)
        {
            Ok(_) => false,
            Err(e) => e.raw_os_error().is_some_and(|c| HELD.contains(&c)),
        }
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        false
    }
}

/// Gives a folder Windows' hidden attribute (the `.sacoche` folder, as `.git` is), so
/// that a farmer browsing the dossier does not see it. Elsewhere its leading dot hides
/// it already. Best effort: a folder that stays visible is only visible.
pub fn hide(dir: &Path) {
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        /// No console window flashes up for it.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        let _ = std::process::Command::new("attrib")
            .arg("+h")
            .arg(dir)
            .creation_flags(CREATE_NO_WINDOW)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
    #[cfg(not(windows))]
    let _ = dir;
}

/// The largest file a FAT32 volume can hold.
pub const FAT32_MAX_FILE: u64 = u32::MAX as u64;

/// Whether `dir` is on a FAT (FAT12/16/32) file system, as USB sticks often are: on
/// Linux from the file system's magic number ("msdos"/"vfat"), on Windows from the
/// volume's file system name. exFAT, the other usual stick format, has no 4 GiB limit.
/// Elsewhere (or when the volume cannot be asked) a write past 4 GiB fails and is
/// explained.
pub fn is_fat(dir: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const MSDOS_SUPER_MAGIC: u64 = 0x4d44;
        rustix::fs::statfs(dir)
            .is_ok_and(|s| u64::try_from(s.f_type).ok() == Some(MSDOS_SUPER_MAGIC))
    }
    #[cfg(windows)]
    {
        volume_file_system(dir).is_some_and(|name| is_fat_name(&name))
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = dir;
        false
    }
}

/// The name Windows gives the file system holding `dir` ("NTFS", "FAT32", "exFAT"…).
#[cfg(windows)]
pub fn volume_file_system(dir: &Path) -> Option<String> {
    let dir = dunce::canonicalize(dir).ok()?;
    let ask = |root: &str| {
        let mut root = root.to_owned();
        if !root.ends_with('\\') {
            root.push('\\'); // the root must end with a backslash
        }
        let mut name = String::new();
        winsafe::GetVolumeInformation(Some(&root), None, None, None, None, Some(&mut name))
            .ok()
            .map(|()| name)
    };
    // The volume's mount point (a drive, or a folder a volume is mounted on), else the
    // drive the path starts with (Wine answers only for drives).
    let mount_point = winsafe::GetVolumePathName(dir.to_str()?).ok();
    mount_point
        .as_deref()
        .and_then(ask)
        .or_else(|| match dir.components().next()? {
            std::path::Component::Prefix(p) => ask(p.as_os_str().to_str()?),
            _ => None,
        })
}

/// Whether a Windows file system name is one of the FAT family ("FAT", "FAT12",
/// "FAT16", "FAT32"), whose files stop at 4 GiB; "exFAT" is not.
pub fn is_fat_name(name: &str) -> bool {
    let name = name.trim().to_ascii_uppercase();
    name == "FAT" || name == "FAT12" || name == "FAT16" || name == "FAT32"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fat_family_names_are_recognised_and_exfat_ntfs_are_not() {
        for fat in ["FAT", "FAT12", "FAT16", "FAT32", "fat32", " FAT32 "] {
            assert!(is_fat_name(fat), "{fat}");
        }
        for other in ["exFAT", "NTFS", "ReFS", "CDFS", "UDF", ""] {
            assert!(!is_fat_name(other), "{other}");
        }
    }

    #[cfg(windows)]
    #[test]
    fn the_volume_of_a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let name = volume_file_system(dir.path());
        assert!(name.as_deref().is_some_and(|n| !n.is_empty()), "{name:?}");
        assert_eq!(
            is_fat(dir.path()),
            is_fat_name(name.as_deref().unwrap_or(""))
        );
    }
}
