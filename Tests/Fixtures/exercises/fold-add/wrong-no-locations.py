# Mistake: compiles the folded tree without ast.fix_missing_locations, and the new Constant nodes have no line numbers.
# Fails the check: `fold()` returns code that compiles and runs
import ast


class FoldAdd(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if (isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant) and type(node.left.value) is int
                and isinstance(node.right, ast.Constant) and type(node.right.value) is int):
            return ast.Constant(node.left.value + node.right.value)
        return node


def fold(source):
    tree = FoldAdd().visit(ast.parse(source))
    return compile(tree, "<folded>", "exec")
