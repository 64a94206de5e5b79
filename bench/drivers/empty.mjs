// Intentionally empty: the import-time baseline, an ES module that imports
// nothing (what ESM loading itself costs a fresh node).
