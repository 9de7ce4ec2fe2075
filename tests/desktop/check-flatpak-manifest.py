#!/usr/bin/env python3
# Checks the Flatpak manifest: app ID, runtime, permissions, the OpenBLAS module and the app module.
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py MANIFEST APP_ID
# flatpak-builder cannot run here (no network, no runtime), so this checks what can be checked
# offline: the JSON parses and says what the project promises. Output is TAP.

import json
import re
import sys

RUNTIME_VERSION = '49'
FINISH_ARGS = ['--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']


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

    def done(self):
        print('1..%d' % self.n)
        return 1 if self.failed else 0


def cmake_options(opts):
    """{'NAME': 'VALUE'} of -DNAME=VALUE and -DNAME:TYPE=VALUE options."""
    out = {}
    for o in opts:
        m = re.fullmatch(r'-D([A-Za-z0-9_]+)(?::[A-Z]+)?=(.*)', o)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def on(value):
    return str(value).upper() in ('ON', '1', 'TRUE', 'YES')


def main():
    if len(sys.argv) != 3:
        print('usage: check-flatpak-manifest.py MANIFEST APP_ID', file=sys.stderr)
        return 2
    path, app_id = sys.argv[1:]
    tap = Tap()
    try:
        with open(path, encoding='utf-8') as f:
            m = json.load(f)
    except (OSError, ValueError) as e:
        tap.check(False, 'manifest parses as JSON', [e])
        return tap.done()
    tap.check(isinstance(m, dict), 'manifest parses as a JSON object')

    ids = {m.get(k) for k in ('app-id', 'id') if k in m}
    tap.check(ids == {app_id}, 'app-id is ' + app_id, sorted(map(str, ids)))
    tap.check(m.get('runtime') == 'org.gnome.Platform', 'runtime is org.gnome.Platform',
              [m.get('runtime')])
    tap.check(m.get('sdk') == 'org.gnome.Sdk', 'sdk is org.gnome.Sdk', [m.get('sdk')])
    tap.check(m.get('runtime-version') == RUNTIME_VERSION,
              'runtime-version is "%s"' % RUNTIME_VERSION, [repr(m.get('runtime-version'))])
    tap.check(m.get('command') == 'ntk-lab', 'command is ntk-lab', [m.get('command')])

    args = m.get('finish-args', [])
    tap.check(sorted(args) == sorted(FINISH_ARGS) and len(args) == len(FINISH_ARGS),
              'finish-args are exactly ' + ' '.join(FINISH_ARGS), args)
    # Files reach the app only through the portal: no --filesystem, no host access.
    broad = [a for a in args if a.startswith(('--filesystem', '--persist'))
             or a in ('--share=network', '--socket=x11', '--device=all')]
    tap.check(not broad, 'no filesystem, network or broad device access', broad)

    modules = m.get('modules', [])
    names = [mod.get('name') if isinstance(mod, dict) else mod for mod in modules]
    tap.check(names[-1:] == ['ntk-lab'] and 'openblas' in names,
              'modules are openblas, then ntk-lab last', names)

    blas = next((mod for mod in modules if isinstance(mod, dict)
                 and mod.get('name') == 'openblas'), {})
    tap.check(blas.get('buildsystem') == 'cmake-ninja', 'openblas builds with cmake-ninja',
              [blas.get('buildsystem')])
    opts = cmake_options(blas.get('config-opts', []))
    tap.check(on(opts.get('DYNAMIC_ARCH')), 'openblas: -DDYNAMIC_ARCH=ON', [opts])
    # OpenBLAS builds LAPACK and LAPACKE unless BUILD_WITHOUT_LAPACK or NO_LAPACKE is set;
    # both must be given, and off, so a changed default cannot drop LAPACKE.
    tap.check('BUILD_WITHOUT_LAPACK' in opts and not on(opts['BUILD_WITHOUT_LAPACK'])
              and 'NO_LAPACKE' in opts and not on(opts['NO_LAPACKE']),
              'openblas: LAPACK and LAPACKE explicitly on', [opts])
    tap.check('BUILD_TESTING' in opts and not on(opts['BUILD_TESTING']),
              'openblas: -DBUILD_TESTING=OFF', [opts])
    tap.check(not on(opts.get('BUILD_STATIC_LIBS', 'OFF')) and on(opts.get('BUILD_SHARED_LIBS')),
              'openblas: shared library only (openblas.pc does not list libgfortran)', [opts])

    sources = blas.get('sources', [])
    git = [s for s in sources if isinstance(s, dict) and s.get('type') == 'git']
    src = git[0] if git else {}
    tap.check(len(sources) >= 1 and len(git) == 1
              and 'OpenBLAS' in src.get('url', ''), 'openblas source is the OpenBLAS git repository',
              sources)
    tap.check(bool(re.fullmatch(r'v\d+\.\d+\.\d+', src.get('tag', ''))),
              'openblas source is pinned to a release tag', [src.get('tag')])
    tap.check(bool(re.fullmatch(r'[0-9a-f]{40}', src.get('commit', ''))),
              'openblas source is pinned to the full commit of that tag', [src.get('commit')])

    app = next((mod for mod in modules if isinstance(mod, dict)
                and mod.get('name') == 'ntk-lab'), {})
    tap.check(app.get('buildsystem') == 'meson', 'ntk-lab builds with meson',
              [app.get('buildsystem')])
    tap.check(app.get('sources') == [{'type': 'dir', 'path': '.'}],
              'ntk-lab is built from the local tree (type dir, path ".")', app.get('sources'))
    tap.check('-Dapp=enabled' in app.get('config-opts', []),
              'ntk-lab is configured with the GTK application enabled', app.get('config-opts'))

    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
