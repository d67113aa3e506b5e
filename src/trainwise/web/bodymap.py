"""An SVG body map: front and back figures with primary and secondary muscles highlighted."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from trainwise.domain import vocabulary as v

# Each muscle: (view, list of shapes). Shapes are SVG element strings without class/title.
# Coordinates are in a 120 x 250 box per figure, the figure facing the viewer.
_FRONT: dict[str, list[str]] = {
    "neck": ['<rect x="53" y="34" width="14" height="10" rx="3"/>'],
    "front_delts": ['<ellipse cx="36" cy="56" rx="7" ry="8"/>', '<ellipse cx="84" cy="56" rx="7" ry="8"/>'],
    "side_delts": ['<ellipse cx="30" cy="60" rx="4" ry="8"/>', '<ellipse cx="90" cy="60" rx="4" ry="8"/>'],
    "chest": ['<path d="M44 52 Q52 48 59 52 L59 70 Q50 74 43 68 Z"/>',
              '<path d="M61 52 Q68 48 76 52 L77 68 Q70 74 61 70 Z"/>'],
    "serratus_anterior": ['<rect x="40" y="72" width="5" height="12" rx="2"/>',
                          '<rect x="75" y="72" width="5" height="12" rx="2"/>'],
    "biceps": ['<ellipse cx="30" cy="80" rx="5" ry="11"/>', '<ellipse cx="90" cy="80" rx="5" ry="11"/>'],
    "forearms": ['<ellipse cx="25" cy="108" rx="5" ry="13"/>', '<ellipse cx="95" cy="108" rx="5" ry="13"/>'],
    "abdominals": ['<rect x="52" y="74" width="16" height="38" rx="4"/>'],
    "transverse_abdominis": ['<rect x="47" y="96" width="26" height="14" rx="5"/>'],
    "obliques": ['<path d="M45 76 L51 76 L51 108 L46 104 Z"/>', '<path d="M69 76 L75 76 L74 104 L69 108 Z"/>'],
    "hip_flexors": ['<path d="M47 114 L56 118 L54 128 L46 122 Z"/>', '<path d="M73 114 L64 118 L66 128 L74 122 Z"/>'],
    "quadriceps": ['<ellipse cx="49" cy="150" rx="8" ry="22"/>', '<ellipse cx="71" cy="150" rx="8" ry="22"/>'],
    "adductors": ['<path d="M56 128 L60 130 L59 158 L55 150 Z"/>', '<path d="M64 128 L60 130 L61 158 L65 150 Z"/>'],
    "calves": ['<ellipse cx="48" cy="200" rx="5" ry="14"/>', '<ellipse cx="72" cy="200" rx="5" ry="14"/>'],
    "tibialis_anterior": ['<ellipse cx="46" cy="198" rx="2.5" ry="14"/>', '<ellipse cx="74" cy="198" rx="2.5" ry="14"/>'],
}
_BACK: dict[str, list[str]] = {
    "neck": ['<rect x="53" y="34" width="14" height="8" rx="3"/>'],
    "traps": ['<path d="M46 44 L60 40 L74 44 L68 56 L60 70 L52 56 Z"/>'],
    "rear_delts": ['<ellipse cx="36" cy="57" rx="7" ry="7"/>', '<ellipse cx="84" cy="57" rx="7" ry="7"/>'],
    "side_delts": ['<ellipse cx="30" cy="60" rx="4" ry="8"/>', '<ellipse cx="90" cy="60" rx="4" ry="8"/>'],
    "rotator_cuff": ['<ellipse cx="45" cy="60" rx="5" ry="4"/>', '<ellipse cx="75" cy="60" rx="5" ry="4"/>'],
    "rhomboids": ['<rect x="51" y="56" width="7" height="14" rx="2"/>', '<rect x="62" y="56" width="7" height="14" rx="2"/>'],
    "lats": ['<path d="M42 66 L51 72 L54 96 L45 92 Z"/>', '<path d="M78 66 L69 72 L66 96 L75 92 Z"/>'],
    "erector_spinae": ['<rect x="54" y="72" width="5" height="40" rx="2"/>', '<rect x="61" y="72" width="5" height="40" rx="2"/>'],
    "triceps": ['<ellipse cx="30" cy="80" rx="5" ry="11"/>', '<ellipse cx="90" cy="80" rx="5" ry="11"/>'],
    "forearms": ['<ellipse cx="25" cy="108" rx="5" ry="13"/>', '<ellipse cx="95" cy="108" rx="5" ry="13"/>'],
    "abductors": ['<ellipse cx="45" cy="118" rx="5" ry="7"/>', '<ellipse cx="75" cy="118" rx="5" ry="7"/>'],
    "glutes": ['<ellipse cx="52" cy="126" rx="9" ry="10"/>', '<ellipse cx="68" cy="126" rx="9" ry="10"/>'],
    "hamstrings": ['<ellipse cx="50" cy="158" rx="7" ry="20"/>', '<ellipse cx="70" cy="158" rx="7" ry="20"/>'],
    "calves": ['<ellipse cx="49" cy="198" rx="6" ry="15"/>', '<ellipse cx="71" cy="198" rx="6" ry="15"/>'],
}
_SILHOUETTE = (
    '<circle cx="60" cy="20" r="13"/>'
    '<path d="M40 46 Q60 38 80 46 L93 52 L100 100 L102 128 L94 130 L88 100 L84 76 L80 112 '
    'L82 182 L78 232 L66 232 L62 140 L58 140 L54 232 L42 232 L38 182 L40 112 L36 76 L32 100 '
    'L26 130 L18 128 L20 100 L27 52 Z"/>'
)


def _figure(shapes: dict[str, list[str]], primary: set[str], secondary: set[str], x: int, label: str) -> str:
    parts = [f'<g transform="translate({x} 0)"><g class="bm-body">{_SILHOUETTE}</g>']
    for muscle, elements in shapes.items():
        role = "primary" if muscle in primary else "secondary" if muscle in secondary else "idle"
        name = escape(v.MUSCLES.get(muscle).name)
        for el in elements:
            parts.append(el.replace("<", f'<g class="bm-{role}" data-muscle="{muscle}"><title>{name}</title><', 1)
                         .replace("/>", "/></g>", 1))
    parts.append(f'<text x="60" y="247" text-anchor="middle" class="bm-label">{label}</text></g>')
    return "".join(parts)


def body_map_svg(primary: Iterable[str], secondary: Iterable[str]) -> str:
    """Inline SVG with a front and a back figure; primary muscles dark, secondary light."""
    p, s = set(primary), set(secondary) - set(primary)
    names_p = ", ".join(v.MUSCLES.get(m).name for m in sorted(p))
    names_s = ", ".join(v.MUSCLES.get(m).name for m in sorted(s))
    desc = f"Primary: {names_p or 'none'}. Secondary: {names_s or 'none'}."
    return (
        '<svg class="bodymap" viewBox="0 0 250 252" role="img" aria-labelledby="bm-title bm-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="bm-title">Muscles worked</title><desc id="bm-desc">{escape(desc)}</desc>'
        f"{_figure(_FRONT, p, s, 0, 'Front')}{_figure(_BACK, p, s, 130, 'Back')}</svg>"
    )
