"""Every prompt sent to a language model, one UTF-8 text file per prompt (`answer.txt`, `rerank.txt`, ...).

A package only so that the files ship in the wheel and are found through importlib.resources wherever the project
is installed; `assistant.prompts.load_prompt(name)` reads them. There is no code here.
"""
