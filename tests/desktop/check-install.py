#!/usr/bin/env python3
# Installs the build into a temporary DESTDIR and checks that every promised file is there.
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-install.py BUILD_ROOT PREFIX BINDIR DATADIR MANDIR LOCALEDIR APP_ID APP_BUILT
#                         LINGUAS_FILE [MESON]
# APP_BUILT is "true" when the GTK application is part of the build; only then are ntk-lab and
# the files that describe it (desktop file, metainfo, icons) expected. MESON is a fallback
# command; the one that configured BUILD_ROOT is preferred, since another meson version refuses
# the build directory. Every run uses its own fresh DESTDIR and meson installs with
# --no-rebuild, so nothing in the build tree is rebuilt or shared with other tests. Output is TAP.

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

MO_MAGIC = (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde')


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
                print('# ' + str(d))

    def skip(self, what, why):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, what, why))

    def done(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


def meson_command(build_root, fallback):
    """The meson that configured build_root, as written in its regeneration rule."""
    try:
        with open(os.path.join(build_root, 'build.ninja'), encoding='utf-8') as f:
            ninja = f.read()
        m = re.search(r'^rule REGENERATE_BUILD\n\s+command = (.+?) --internal regenerate ',
                      ninja, re.M)
        if m:
            return shlex.split(m.group(1))
    except OSError:
        pass
    return [fallback] if fallback else None


def read_linguas(path):
    langs = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                langs += line.split()
    return langs


def under(destdir, path):
    return os.path.join(destdir, os.path.relpath(path, os.sep))


def main():
    if len(sys.argv) not in (10, 11):
        print('usage: check-install.py BUILD_ROOT PREFIX BINDIR DATADIR MANDIR LOCALEDIR APP_ID '
              'APP_BUILT LINGUAS_FILE [MESON]', file=sys.stderr)
        return 2
    build_root, prefix, bindir, datadir, mandir, localedir, app_id, app_built, linguas = \
        sys.argv[1:10]
    fallback = sys.argv[10] if len(sys.argv) == 11 else None
    app_built = app_built == 'true'
    # meson hands directory options relative to the prefix unless they were given absolute.
    bindir, datadir, mandir, localedir = (os.path.join(prefix, d)
                                          for d in (bindir, datadir, mandir, localedir))
    tap = Tap()

    meson = meson_command(build_root, fallback)
    if not meson:
        tap.check(False, 'meson command found', ['neither build.ninja nor PATH names meson'])
        return tap.done()

    destdir = tempfile.mkdtemp(prefix='ntk-lab-install-')
    try:
        env = dict(os.environ)
        env.pop('DESTDIR', None)
        cmd = meson + ['install', '-C', build_root, '--destdir', destdir, '--no-rebuild', '--quiet']
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=120)
        tap.check(proc.returncode == 0, 'meson install into a DESTDIR succeeds',
                  [' '.join(cmd), 'exit status %d' % proc.returncode]
                  + proc.stdout.splitlines()[-20:])

        def executable(what, path):
            p = under(destdir, path)
            tap.check(os.path.isfile(p) and os.access(p, os.X_OK), what + ' is installed', [path])

        def installed(what, path, check=None):
            p = under(destdir, path)
            problems = []
            if not os.path.isfile(p):
                problems.append('missing: ' + path)
            elif os.path.getsize(p) == 0:
                problems.append('empty: ' + path)
            elif check:
                with open(p, 'rb') as f:
                    problems += check(f.read(), path)
            tap.check(not problems, what + ' is installed', problems)

        executable('ntk-lab-cli', os.path.join(bindir, 'ntk-lab-cli'))
        if app_built:
            executable('ntk-lab', os.path.join(bindir, 'ntk-lab'))
        else:
            tap.skip('ntk-lab is installed', 'the GTK application is not built (-Dapp)')

        langs = read_linguas(linguas)

        def translated_desktop(data, path):
            text = data.decode('utf-8', 'replace')
            return ['%s has no Name[%s]' % (path, l) for l in langs
                    if not re.search(r'^Name\[%s\]=' % re.escape(l), text, re.M)]

        def translated_metainfo(data, path):
            text = data.decode('utf-8', 'replace')
            return ['%s has no xml:lang="%s" text' % (path, l) for l in langs
                    if 'xml:lang="%s"' % l not in text]

        def svg(data, path):
            return [] if b'<svg' in data[:2048] else [path + ' is not an SVG file']

        gui_files = [
            ('desktop file', os.path.join(datadir, 'applications', app_id + '.desktop'),
             translated_desktop),
            ('metainfo', os.path.join(datadir, 'metainfo', app_id + '.metainfo.xml'),
             translated_metainfo),
            ('scalable app icon', os.path.join(datadir, 'icons', 'hicolor', 'scalable', 'apps',
                                               app_id + '.svg'), svg),
            ('symbolic app icon', os.path.join(datadir, 'icons', 'hicolor', 'symbolic', 'apps',
                                               app_id + '-symbolic.svg'), svg),
        ]
        for what, path, check in gui_files:
            if app_built:
                installed(what, path, check)
            else:
                tap.skip(what + ' is installed', 'the GTK application is not built (-Dapp)')

        installed('GSettings schema',
                  os.path.join(datadir, 'glib-2.0', 'schemas', app_id + '.gschema.xml'))

        def mo(data, path):
            return [] if data[:4] in MO_MAGIC else [path + ' is not a compiled message catalog']

        tap.check(len(langs) >= 2 and {'de', 'fr'} <= set(langs),
                  'po/LINGUAS lists de and fr', langs)
        for lang in langs:
            installed('%s translation' % lang,
                      os.path.join(localedir, lang, 'LC_MESSAGES', 'ntk-lab.mo'), mo)

        def man(data, path):
            text = data.decode('utf-8', 'replace')
            return [] if re.search(r'^\.TH\s+"?NTK\\?-LAB\\?-CLI"?\s+"?1\b', text, re.M | re.I) \
                else [path + ' has no .TH NTK-LAB-CLI 1 header']
        installed('man page of ntk-lab-cli', os.path.join(mandir, 'man1', 'ntk-lab-cli.1'), man)
    finally:
        shutil.rmtree(destdir, ignore_errors=True)

    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
