"""The catalogue journey: today's map of units and reception points, its history, and the administrator's
editors (units, reception points, mergers/splits/renames, inspecting bodies)."""
