package phpstack

import (
	"io"
	"os"
	"path/filepath"
	"strings"
)

// openTo lets processes that do not run as root (Apache's children, a php-fpm
// run as Options.User) use the stack: they cannot read a private directory of
// root's or a checkout under one, so the docroot and the files the php.ini
// names are copied into the stack's directory, which gets dirMode; PHP's
// error_log and the files handler's save_path become writable for all.
func (s *Stack) openTo(ini string, dirMode os.FileMode) error {
	if err := os.Chmod(s.dir, dirMode); err != nil {
		return err
	}
	errorLog := filepath.Join(s.dir, "php-error.log")
	if err := os.WriteFile(errorLog, nil, 0o666); err != nil {
		return err
	}
	if err := os.Chmod(errorLog, 0o666); err != nil {
		return err
	}
	if err := os.Chmod(filepath.Join(s.dir, "sessions"), 0o777); err != nil {
		return err
	}
	docroot := filepath.Join(s.dir, "docroot")
	if s.docroot != docroot {
		if err := copyTree(s.docroot, docroot); err != nil {
			return err
		}
		s.docroot = docroot
	}
	return s.copyINIFiles(ini)
}

// copyINIFiles copies every file an absolute path in the php.ini names (the
// extension, its Go library) into the stack's directory, side by side as they
// were, and points the php.ini at the copies.
func (s *Stack) copyINIFiles(ini string) error {
	data, err := os.ReadFile(ini)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		key, value, found := strings.Cut(line, "=")
		value = strings.TrimSpace(value)
		if !found || !filepath.IsAbs(value) || strings.HasPrefix(value, s.dir) {
			continue
		}
		if info, err := os.Stat(value); err != nil || !info.Mode().IsRegular() {
			continue
		}
		copied := filepath.Join(s.dir, "ini-files", filepath.Base(filepath.Dir(value)), filepath.Base(value))
		if err := copyFile(value, copied); err != nil {
			return err
		}
		lines[i] = key + "=" + copied
	}
	return os.WriteFile(ini, []byte(strings.Join(lines, "\n")), 0o644)
}

func copyTree(from, to string) error {
	return filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return copyFile(path, filepath.Join(to, rel))
	})
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
