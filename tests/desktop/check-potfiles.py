#!/usr/bin/env python3
# Checks that po/POTFILES.in lists every source file with translatable strings, and nothing else.
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT [--list]
# Scans src/, ui/ and resources/ for gettext markers and compares with po/POTFILES.in (and
# po/POTFILES.skip, for files that carry markers but are deliberately not translated).
# Output is TAP; --list prints the POTFILES.in the tree needs instead.

import os
import re
import sys

SCANNED_DIRS = ('src', 'ui', 'resources')

# C: _("…"), N_("…"), C_("ctx", "…"), NC_("ctx", "…") and the plural forms. The word boundary
# keeps foo_("…") out; \s* allows the GNU style space and a string on the next line.
C_MARKER = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(\s*"'
                      r'|(?<![A-Za-z0-9_])(?:g_d?ngettext|g_dpgettext2?|ngettext|g_dcgettext)\s*\(')
# GtkBuilder: <property … translatable="yes">, also inside <item>, <attribute> and <col>.
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
# GSettings schemas are translated when they name a gettext domain.
SCHEMA_MARKER = re.compile(r'gettext-domain\s*=')


def file_has_markers(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return bool(C_MARKER.search(strip_c_comments(text)))
    if name.endswith('.ui'):
        return bool(UI_MARKER.search(text))
    if name.endswith('.gschema.xml'):
        return bool(SCHEMA_MARKER.search(text))
    # The desktop file and the metainfo are translated as a whole (i18n.merge_file).
    if name.endswith(('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')):
        return True
    return False


def strip_c_comments(text):
    # Comments often quote _("…") in explanations; only code counts. String contents are kept
    # because a marker can only start outside a string anyway.
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            i = n if j < 0 else j + 2
            out.append(' ')
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def scan(root):
    found = set()
    for top in SCANNED_DIRS:
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for fn in filenames:
                path = os.path.join(dirpath, fn)
                if file_has_markers(path):
                    found.add(os.path.relpath(path, root).replace(os.sep, '/'))
    return found


def read_list(path):
    """Returns [(line number, entry)] of a POTFILES-style file, [] if it does not exist."""
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append((lineno, line))
    return entries


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        self.n += 1
        print(('ok' if ok else 'not ok') + ' %d - %s' % (self.n, what))
        if not ok:
            self.failed += 1
            for d in details:
                print('# ' + d)

    def done(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


def main():
    if len(sys.argv) < 2:
        print('usage: check-potfiles.py SOURCE_ROOT [--list]', file=sys.stderr)
        return 2
    root = sys.argv[1]
    needed = scan(root)
    skip = {e for _, e in read_list(os.path.join(root, 'po', 'POTFILES.skip'))}

    if '--list' in sys.argv[2:]:
        for path in sorted(needed - skip):
            print(path)
        return 0

    potfiles_path = os.path.join(root, 'po', 'POTFILES.in')
    listed = read_list(potfiles_path)
    listed_set = {e for _, e in listed}
    tap = Tap()

    tap.check(os.path.exists(potfiles_path), 'po/POTFILES.in exists')

    missing = sorted(needed - listed_set - skip)
    tap.check(not missing,
              'every file with translatable strings is listed in po/POTFILES.in',
              ['missing from po/POTFILES.in: ' + p for p in missing])

    absent = ['po/POTFILES.in:%d: %s does not exist' % (ln, e)
              for ln, e in listed if not os.path.isfile(os.path.join(root, e))]
    tap.check(not absent, 'every po/POTFILES.in entry exists', absent)

    seen = {}
    dups = []
    for ln, e in listed:
        if e in seen:
            dups.append('po/POTFILES.in:%d: %s already listed on line %d' % (ln, e, seen[e]))
        seen[e] = ln
    tap.check(not dups, 'po/POTFILES.in has no duplicate entries', dups)

    both = sorted(listed_set & skip)
    tap.check(not both, 'no file is both in po/POTFILES.in and po/POTFILES.skip',
              ['listed and skipped: ' + p for p in both])

    # A listed source file without markers is harmless to xgettext but usually a leftover.
    stale = ['po/POTFILES.in:%d: %s has no translatable strings' % (ln, e)
             for ln, e in listed
             if os.path.isfile(os.path.join(root, e)) and e not in needed]
    tap.check(not stale, 'every po/POTFILES.in entry has translatable strings', stale)

    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
