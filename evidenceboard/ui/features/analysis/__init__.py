"""The Analysis dock: findings, claim verdicts, the ACH matrix and its marks, judgement
thresholds, and the layouts computed off the UI thread.
"""
