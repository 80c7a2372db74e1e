"""The teacher's classroom: item statistics, the gradebook and class report, item review
and withholding, and exports (QTI 2.1, the bank's YAML). Pure functions over the progress
store's records; nothing here imports streamlit."""
