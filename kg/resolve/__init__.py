"""The resolve stage: records of different articles that describe one event or agreement get one key
(coreference.py); figures that count one quantity are grouped and compared (figures.py). Between link and map."""
