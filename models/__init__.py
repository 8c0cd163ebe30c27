"""Trained pipelines shipped with dealparse (installed as ``dealparse_models``)."""
