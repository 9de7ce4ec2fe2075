#!/usr/bin/env python3
# Checks the built AppStream metainfo for what a software centre shows, and that desktop file,
# metainfo, icons, GSettings schema and GResource prefix all use the same application ID.
# Copyright 2026 The NTK Lab authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-metadata.py SOURCE_ROOT METAINFO DESKTOP APP_ID VERSION
# appstreamcli validates the format; this checks the content the project promises (Debian 12's
# appstreamcli 0.16 does not know <developer> yet, so it is checked here). Output is TAP.

import configparser
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

HOMEPAGE = 'https://github.com/ntklab/ntk-lab'
BUGTRACKER = 'https://github.com/ntklab/ntk-lab/issues'
FIRST_RELEASE = ('0.1.0', '2026-11-22')
BINARIES = {'ntk-lab', 'ntk-lab-cli'}


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


def untranslated(root, tag):
    """Elements named tag without xml:lang (merge_file adds translated copies beside them)."""
    lang = '{http://www.w3.org/XML/1998/namespace}lang'
    return [e for e in root.findall(tag) if lang not in e.attrib]


def text(e):
    return (e.text or '').strip() if e is not None else ''


def main():
    if len(sys.argv) != 6:
        print('usage: check-metadata.py SOURCE_ROOT METAINFO DESKTOP APP_ID VERSION',
              file=sys.stderr)
        return 2
    srcroot, metainfo, desktop, app_id, version = sys.argv[1:]
    app_path = '/' + app_id.replace('.', '/')
    tap = Tap()

    root = ET.parse(metainfo).getroot()
    tap.check(root.tag == 'component' and root.get('type') == 'desktop-application',
              'metainfo is a desktop-application component', [root.tag, root.get('type')])
    tap.check(text(root.find('id')) == app_id, 'metainfo <id> is the application ID',
              ['id: ' + text(root.find('id'))])
    tap.check(text(root.find('metadata_license')) == 'CC0-1.0', 'metadata_license is CC0-1.0')
    tap.check(text(root.find('project_license')) == 'GPL-3.0-or-later',
              'project_license is GPL-3.0-or-later')

    for tag in ('name', 'summary'):
        els = untranslated(root, tag)
        tap.check(len(els) == 1 and text(els[0]), 'metainfo has one untranslated <%s>' % tag)
    desc = untranslated(root, 'description')
    paragraphs = [p for d in desc for p in d.findall('p') if text(p)]
    tap.check(len(desc) == 1 and len(paragraphs) >= 2,
              'metainfo <description> has at least two paragraphs',
              ['paragraphs: %d' % len(paragraphs)])

    dev = root.find('developer')
    dev_names = untranslated(dev, 'name') if dev is not None else []
    tap.check(dev is not None and bool(dev.get('id')) and len(dev_names) == 1
              and bool(text(dev_names[0])),
              '<developer> has an id and a name')

    urls = {u.get('type'): text(u) for u in root.findall('url')}
    tap.check(urls.get('homepage') == HOMEPAGE, 'homepage URL is ' + HOMEPAGE, [urls])
    tap.check(urls.get('bugtracker') == BUGTRACKER, 'bugtracker URL is ' + BUGTRACKER, [urls])

    rating = root.find('content_rating')
    tap.check(rating is not None and rating.get('type') == 'oars-1.1',
              'content_rating is oars-1.1')

    releases = root.findall('releases/release')
    versions = [(r.get('version'), r.get('date')) for r in releases]
    tap.check(FIRST_RELEASE in versions, 'release %s dated %s is listed' % FIRST_RELEASE,
              versions)
    tap.check(bool(versions) and versions[0][0] == version,
              'newest release is the project version %s' % version, versions[:1])
    dates = [d for _, d in versions]
    tap.check(dates == sorted(dates, reverse=True), 'releases are newest first', dates)

    launchable = root.find('launchable')
    tap.check(launchable is not None and launchable.get('type') == 'desktop-id'
              and text(launchable) == app_id + '.desktop',
              'launchable is the desktop file %s.desktop' % app_id)
    binaries = {text(b) for b in root.findall('provides/binary')}
    tap.check(binaries == BINARIES, 'provides the binaries ' + ', '.join(sorted(BINARIES)),
              sorted(binaries))

    # Screenshots point at files kept in resources/screenshots/ of this repository.
    shots = root.findall('screenshots/screenshot')
    images = [text(s.find('image')) for s in shots]
    tap.check(len(shots) >= 1 and sum(s.get('type') == 'default' for s in shots) == 1,
              'screenshots with exactly one default', images)
    missing = []
    for url in images:
        m = re.fullmatch(r'https://raw\.githubusercontent\.com/ntklab/ntk-lab/[^/]+/(.+\.png)', url)
        if not m:
            missing.append('not a raw URL of this repository: ' + url)
        elif not os.path.isfile(os.path.join(srcroot, m.group(1))):
            missing.append('no such file in the source tree: ' + m.group(1))
        else:
            with open(os.path.join(srcroot, m.group(1)), 'rb') as f:
                head = f.read(24)
            if head[:8] != b'\x89PNG\r\n\x1a\n':
                missing.append('not a PNG file: ' + m.group(1))
            else:
                # Declared sizes must be the file's (IHDR: width and height after the signature).
                size = struct.unpack('>II', head[16:24])
                image = next(s.find('image') for s in shots if text(s.find('image')) == url)
                declared = (int(image.get('width', size[0])), int(image.get('height', size[1])))
                if declared != size:
                    missing.append('%s is %dx%d, the metainfo says %dx%d'
                                   % ((m.group(1),) + size + declared))
    tap.check(not missing, 'every screenshot is a PNG in the source tree, of the declared size',
              missing)
    captions = [text(s.find('caption')) for s in shots]
    tap.check(all(captions), 'every screenshot has a caption', captions)

    # The same ID everywhere.
    tap.check(os.path.basename(desktop) == app_id + '.desktop', 'desktop file is named after the ID')
    entry = configparser.ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str
    entry.read(desktop, encoding='utf-8')
    de = entry['Desktop Entry'] if entry.has_section('Desktop Entry') else {}
    tap.check(de.get('Icon') == app_id, 'desktop file Icon is the ID', [de.get('Icon')])
    tap.check(de.get('Exec', '').split()[:1] == ['ntk-lab'], 'desktop file runs ntk-lab',
              [de.get('Exec')])
    icons = ['resources/icons/%s.svg' % app_id, 'resources/icons/%s-symbolic.svg' % app_id]
    bad_icons = []
    for icon in icons:
        path = os.path.join(srcroot, icon)
        try:
            svg = ET.parse(path).getroot()
            if svg.tag != '{http://www.w3.org/2000/svg}svg':
                bad_icons.append(icon + ': root element is ' + svg.tag)
        except (OSError, ET.ParseError) as e:
            bad_icons.append('%s: %s' % (icon, e))
    tap.check(not bad_icons, 'app icon and symbolic icon are SVG files named after the ID',
              bad_icons)

    schema_path = os.path.join(srcroot, 'resources', app_id + '.gschema.xml')
    schemas = ET.parse(schema_path).getroot().findall('schema')
    ids = [(s.get('id'), s.get('path')) for s in schemas]
    tap.check((app_id, app_path + '/') in ids,
              'GSettings schema %s has path %s/' % (app_id, app_path), ids)
    gres = ET.parse(os.path.join(srcroot, 'resources', 'ntk-lab.gresource.xml')).getroot()
    prefixes = [g.get('prefix') for g in gres.findall('gresource')]
    tap.check(bool(prefixes) and all(p.rstrip('/') == app_path or p.startswith(app_path + '/')
                                       for p in prefixes),
              'GResource prefixes are under ' + app_path, prefixes)

    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
