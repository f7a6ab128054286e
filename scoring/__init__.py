"""Provenance Lens scoring engine: how traceable is a news article?

from scoring import score_html, load_config
report = score_html(html, "https://example.com/news/story")
report.to_dict()
"""

from scoring.config import Config, ConfigError, load_config
from scoring.engine import score_html
from scoring.report import Evidence, Finding, Report

__all__ = ["Config", "ConfigError", "Evidence", "Finding", "Report", "load_config", "score_html"]
