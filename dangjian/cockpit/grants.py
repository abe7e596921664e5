"""Who sees the leaders' cockpit (领导驾驶舱), its wall screen and the colour map (五色地图), and who sets the map's
thresholds.

- cockpit: the company page, the wall screen and its fragments, /api/v1/cockpit/summary. Company leaders and
  党群工作部 over their subtree (each number is read through the capability's own selector, so it shows only what the
  reader may see there too).
- cockpit_map: the colour map. Leaders and 党群工作部 over their subtree; a branch secretary sees the own branch's row
  (the row of every org in the subtree the secretary is assigned over).
- cockpit_threshold: the grading thresholds per company and dimension. 党群工作部 sets them; leaders read them.
"""

from dangjian.core.permissions import CHANGE, VIEW, Role

GRANTS = {
    Role.PARTY_OFFICE: {
        "cockpit": frozenset({VIEW}),
        "cockpit_map": frozenset({VIEW}),
        "cockpit_threshold": frozenset({VIEW, CHANGE}),
    },
    Role.LEADER: {
        "cockpit": frozenset({VIEW}),
        "cockpit_map": frozenset({VIEW}),
        "cockpit_threshold": frozenset({VIEW}),
    },
    Role.SECRETARY: {"cockpit_map": frozenset({VIEW})},
}
