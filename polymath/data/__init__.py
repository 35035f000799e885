"""Shipped data, derived by committed scripts from the raw packages in data/raw/.

- ``esco_skills.pop``: ESCO v1.1.1 skills and skill groups over 3,007 occupations
  (``scripts/build_esco.py``);
- ``onet_knowledge.pop``: O*NET Knowledge, 33 areas over 968 occupations
  (``scripts/build_population.py``);
- ``onet_knowledge.json``: the same O*NET figures in the JSON of earlier versions, read by the
  check-in path until it reads population files (a test keeps the two equal).
"""
