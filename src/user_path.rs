//! The installer's one use of sacoche itself: adding its folder to the user's PATH
//! (`HKEY_CURRENT_USER\Environment`, value `Path`) and taking it out again on uninstall.
//!
//! Written here rather than in the NSIS script because NSIS's strings stop at 1024
//! characters (`NSIS_MAX_STRLEN` of Debian's makensis): a longer PATH would be read
//! truncated and written back cut, losing the user's other entries. The value keeps its
//! type (`REG_EXPAND_SZ` stays expandable) and every other entry is kept as written.
//! The installer broadcasts `WM_SETTINGCHANGE` afterwards, as NSIS can.

/// The PATH with `dir` appended, or `None` when it is already there.
pub fn with_entry(path: &str, dir: &str) -> Option<String> {
    if path.split(';').any(|entry| same_dir(entry, dir)) {
        return None;
    }
    let kept = path.trim_end_matches(';');
    Some(if kept.is_empty() {
        dir.to_string()
    } else {
        format!("{kept};{dir}")
    })
}

/// The PATH without `dir`, or `None` when it is not there.
pub fn without_entry(path: &str, dir: &str) -> Option<String> {
    let entries: Vec<&str> = path.split(';').collect();
    if !entries.iter().any(|entry| same_dir(entry, dir)) {
        return None;
    }
    let kept: Vec<&str> = entries
        .into_iter()
        .filter(|entry| !same_dir(entry, dir))
        .collect();
    Some(kept.join(";"))
}

/// Windows compares folder names without case; `C:\x\` is `C:\x`.
fn same_dir(entry: &str, dir: &str) -> bool {
    let clean = |s: &str| {
        s.trim()
            .trim_matches('"')
            .trim_end_matches('\\')
            .to_lowercase()
    };
    let entry = clean(entry);
    !entry.is_empty() && entry == clean(dir)
}

/// Adds (`add`) or removes `dir` in the user's PATH; whether anything changed.
#[cfg(windows)]
pub fn update(dir: &str, add: bool) -> Result<bool, sacoche::error::IoError> {
    use sacoche::error::{IoAction, IoError};
    use winsafe::{HKEY, RegistryValue, co};

    let io = |e: co::ERROR| {
        IoError::new(
            IoAction::Update,
            r"HKEY_CURRENT_USER\Environment",
            std::io::Error::from_raw_os_error(e.raw() as i32),
        )
    };
    let key = HKEY::CURRENT_USER
        .RegCreateKeyEx(
            "Environment",
            None,
            co::REG_OPTION::NON_VOLATILE,
            co::KEY::READ | co::KEY::WRITE,
            None,
        )
        .map_err(io)?
        .0;
    let (current, expandable) = match key.RegQueryValueEx(Some("Path")) {
        Ok(RegistryValue::ExpandSz(s)) => (s, true),
        Ok(RegistryValue::Sz(s)) => (s, false),
        Ok(_) => return Err(io(co::ERROR::INVALID_DATA)),
        Err(co::ERROR::FILE_NOT_FOUND) => (String::new(), true),
        Err(e) => return Err(io(e)),
    };
    let changed = if add {
        with_entry(&current, dir)
    } else {
        without_entry(&current, dir)
    };
    let Some(new) = changed else {
        return Ok(false);
    };
    if new.is_empty() {
        // Nothing left: no value, as before sacoche was installed (and winsafe cannot
        // write an empty string: ERROR_NOACCESS).
        key.RegDeleteValue(Some("Path")).map_err(io)?;
        return Ok(true);
    }
    let value = if expandable {
        RegistryValue::ExpandSz(new)
    } else {
        RegistryValue::Sz(new)
    };
    key.RegSetValueEx(Some("Path"), value).map_err(io)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_added_once_and_removed_leaving_the_others_as_written() {
        let dir = r"C:\Users\Ferme\AppData\Local\Programs\sacoche";
        assert_eq!(with_entry("", dir).as_deref(), Some(dir));
        let path = r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;";
        let added = with_entry(path, dir).unwrap();
        assert_eq!(
            added,
            format!(r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;{dir}")
        );
        assert_eq!(with_entry(&added, dir), None);
        assert_eq!(
            with_entry(&added, &format!("{}\\", dir.to_uppercase())),
            None
        );
        assert_eq!(
            without_entry(&added, dir).as_deref(),
            Some(r"%USERPROFILE%\AppData\Local\Microsoft\WindowsApps")
        );
        assert_eq!(without_entry(path, dir), None);
        // In the middle, quoted, or twice: every copy goes, nothing else.
        let messy = format!(r#"C:\a;"{dir}";C:\b;{dir}\;;C:\c"#);
        assert_eq!(
            without_entry(&messy, dir).as_deref(),
            Some(r"C:\a;C:\b;;C:\c")
        );
        // Far longer than NSIS's 1024 characters: kept whole.
        let long: String = (0..200).map(|i| format!(r"C:\outil{i};")).collect();
        let added = with_entry(&long, dir).unwrap();
        assert!(added.starts_with(long.trim_end_matches(';')) && added.len() > 2000);
        assert_eq!(
            without_entry(&added, dir).unwrap(),
            long.trim_end_matches(';')
        );
        // A folder whose name starts like ours is another folder.
        assert_eq!(without_entry(&format!("{dir}2"), dir), None);
    }
}
